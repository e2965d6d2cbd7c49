"""The Patients page: search as you type, lazy paging, empty states and opening charts."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import AuditAction, PhoneKind
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.search import parse_query
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.patients.patients_view import PatientsView
from ldnclinic.ui.widgets import prompts
from tests.ui.patient_support import (
    add_many,
    add_norco_patient,
    add_patient,
    loaded_view,
    search,
)


def names(view: PatientsView) -> list[str]:
    return [view.model.summary_at(r).display_name for r in range(view.model.rowCount())]


@pytest.fixture
def registry(services: Services, staff: Actor) -> Services:
    add_norco_patient(services, staff)
    add_patient(services, staff, "Siobhán", "O'Brien", "1988-12-24", phones={PhoneKind.HOME: "214-555-0199"})
    add_patient(services, staff, "Hằng", "Nguyễn", "5/17/1990", middle_name="Thị")
    add_patient(services, staff, "Ana", "Peñaloza", "2/1/1979")
    add_patient(services, staff, "Mark", "Smith", "11/30/1955")
    return services


def test_first_page_loads_once_and_lists_everyone_in_name_order(
    qtbot: QtBot, registry: Services, staff: Actor
) -> None:
    view = loaded_view(qtbot, registry, staff)
    assert view.is_loaded()
    assert names(view) == [
        "Nguyễn, Hằng Thị",
        "O'Brien, Siobhán",
        "Peña, José Luis",
        "Peñaloza, Ana",
        "Smith, Mark",
    ]
    assert view.hint.text() == "5 patients in name order."
    with qtbot.assertNotEmitted(view.first_page_loaded):
        search(qtbot, view, "smith")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pena", ["Peña, José Luis", "Peñaloza, Ana"]),  # accent-insensitive prefix
        ("PEÑA JOSE", ["Peña, José Luis"]),
        ("pepe", ["Peña, José Luis"]),  # the preferred name
        ("nguyen hang", ["Nguyễn, Hằng Thị"]),
        ("obrien", ["O'Brien, Siobhán"]),
        ("o'brien", ["O'Brien, Siobhán"]),
        ("3/2/1961", ["Peña, José Luis"]),
        ("1961-03-02", ["Peña, José Luis"]),
        ("2145550199", ["O'Brien, Siobhán"]),  # phone digits
        ("555-0199", ["O'Brien, Siobhán"]),  # the end of a phone number
    ],
)
def test_search_as_you_type(
    qtbot: QtBot, registry: Services, staff: Actor, typed: str, expected: list[str]
) -> None:
    view = loaded_view(qtbot, registry, staff)
    search(qtbot, view, typed)
    assert names(view) == expected


def test_search_by_mrn_with_or_without_the_dash(qtbot: QtBot, registry: Services, staff: Actor) -> None:
    nguyen = registry.patients.search(staff, "nguyen")[0]
    view = loaded_view(qtbot, registry, staff)
    for typed in (nguyen.mrn, nguyen.mrn.replace("-", "")):
        search(qtbot, view, typed)
        assert names(view) == ["Nguyễn, Hằng Thị"]
        assert view.hint.text() == f"1 patient matching “{typed}”."


def test_an_mrn_whose_digits_also_read_as_a_date_is_still_an_mrn() -> None:
    # MRNs are random: "1015-8814" typed as 10158814 is also October 15, 8814.
    query = parse_query("10158814", date(2026, 11, 21))
    assert query.digits == "10158814"


def test_nothing_matches_shows_an_empty_state(qtbot: QtBot, registry: Services, staff: Actor) -> None:
    view = loaded_view(qtbot, registry, staff)
    search(qtbot, view, "Robert'); DROP TABLE patients;--")
    assert view.model.rowCount() == 0
    assert view.stack.currentWidget() is view.empty
    assert "No patients match “Robert'); DROP TABLE patients;--”" in view.empty.text()
    search(qtbot, view, "smith")
    assert view.stack.currentWidget() is view.table  # the table is back, the registry intact


@pytest.mark.usefixtures("initialized")
def test_an_empty_registry_invites_the_first_patient(qtbot: QtBot, services: Services, staff: Actor) -> None:
    view = loaded_view(qtbot, services, staff)
    assert view.stack.currentWidget() is view.empty
    assert "No patients yet" in view.empty.text()


def test_only_pages_the_user_scrolls_to_are_fetched(qtbot: QtBot, services: Services, staff: Actor) -> None:
    add_many(services, staff, 250)
    view = loaded_view(qtbot, services, staff)
    assert view.model.rowCount() == 100
    assert view.hint.text() == "Showing the first 100 patients in name order; scroll down for more."
    view.table.scrollToBottom()  # the view asks the model for more as the user nears the end
    qtbot.waitUntil(lambda: view.model.rowCount() >= 200)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 250)
    assert not view.model.canFetchMore(QModelIndex())
    assert view.hint.text() == "250 patients in name order."


def test_enter_opens_the_chart_and_reopening_brings_the_same_window(
    qtbot: QtBot, registry: Services, staff: Actor, admin: Actor
) -> None:
    view = loaded_view(qtbot, registry, staff)
    search(qtbot, view, "pena jose")
    qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    chart = view.charts.window_for(registry.patients.search(staff, "pena jose")[0].id)
    assert isinstance(chart, ChartWindow)
    assert chart.isVisible()
    assert chart.header.name.text() == "Peña, José Luis"
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.open_row(0) is chart
    assert view.charts.open_ids == [chart.detail.id]
    views = registry.audit.recent(admin, action=AuditAction.PATIENT_VIEWED)
    assert [(v.username, v.record_id) for v in views] == [("maria", str(chart.detail.id))]  # one view only


def test_double_click_opens_the_chart(qtbot: QtBot, registry: Services, staff: Actor) -> None:
    view = loaded_view(qtbot, registry, staff)
    search(qtbot, view, "smith")
    rect = view.table.visualRect(view.model.index(0, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(view.charts.open_ids) == 1)
    chart = view.charts.window_for(view.charts.open_ids[0])
    assert chart is not None
    assert chart.header.name.text() == "Smith, Mark"


def test_down_arrow_moves_from_the_search_box_to_the_results(
    qtbot: QtBot, registry: Services, staff: Actor
) -> None:
    view = loaded_view(qtbot, registry, staff)
    view.activateWindow()
    view.focus_search()
    qtbot.waitUntil(view.search_box.hasFocus)
    qtbot.keyClick(view.search_box, Qt.Key.Key_Down)
    assert view.table.hasFocus()


def test_admin_is_told_plainly_that_patients_are_not_theirs_to_see(
    qtbot: QtBot, services: Services, admin: Actor
) -> None:
    view = loaded_view(qtbot, services, admin)
    assert view.stack.currentWidget() is view.empty
    assert "not allowed to view patient records" in view.empty.text()
    assert not view.new_button.isVisible()
    assert view.new_patient() is None
    prompts.answers["chart_error"] = True
    assert view.open_chart(1) is None
    assert prompts.shown[-1][0] == "chart_error"
    assert "not allowed to view patient records" in prompts.shown[-1][1]


def test_staff_may_register_patients(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> None:
    for actor in (staff, prescriber):
        view = loaded_view(qtbot, services, actor)
        assert view.new_button.isVisible()
        dialog = view.new_patient()
        assert dialog is not None
        assert dialog.isVisible()
        dialog.done(0)
