"""The patient list model: keyset pages fetched lazily, checked by Qt's own model tester."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import PatientStatus, Sex
from ldnclinic.domain.errors import PermissionDeniedError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientSummary, SearchCursor
from ldnclinic.ui.patients.patient_list_model import PATIENT_ID_ROLE, Column, PatientListModel
from tests.ui.patient_support import add_many, add_patient

TODAY = date(2026, 11, 21)


def summary(number: int, **changes: object) -> PatientSummary:
    values: dict[str, object] = {
        "id": number,
        "mrn": f"{1000 + number:04d}-0000",
        "first_name": "Ann",
        "middle_name": None,
        "last_name": f"Lee{number:05d}",
        "preferred_name": None,
        "date_of_birth": date(1961, 3, 2),
        "sex": Sex.FEMALE,
        "phone": "(512) 555-0142",
        "city": "Austin",
        "state": "TX",
        "status": PatientStatus.ACTIVE,
        "sort_key": f"lee{number:05d}\x01ann",
    }
    values.update(changes)
    return PatientSummary(**values)  # type: ignore[arg-type]


class FakeRegistry:
    """A keyset-paged list in memory that records each page asked for."""

    def __init__(self, count: int) -> None:
        self.rows = [summary(n) for n in range(1, count + 1)]
        self.calls: list[tuple[SearchCursor | None, int]] = []

    def fetch(self, after: SearchCursor | None, limit: int) -> list[PatientSummary]:
        self.calls.append((after, limit))
        rows = [r for r in self.rows if after is None or (r.sort_key, r.id) > (after.sort_key, after.id)]
        return rows[:limit]


def test_model_passes_qt_model_tester_while_paging(qtmodeltester: object) -> None:
    registry = FakeRegistry(250)
    model = PatientListModel(today=lambda: TODAY)
    model.reset(registry.fetch)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 250


def test_pages_arrive_one_at_a_time_and_a_short_page_ends_the_list() -> None:
    registry = FakeRegistry(250)
    model = PatientListModel(today=lambda: TODAY)
    model.reset(registry.fetch)
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    assert registry.calls[1] == (SearchCursor("lee00100\x01ann", 100), 100)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 250
    assert not model.canFetchMore(QModelIndex())
    assert model.complete
    model.fetchMore(QModelIndex())
    assert len(registry.calls) == 3


def test_exact_multiple_of_the_page_size_needs_one_empty_page() -> None:
    registry = FakeRegistry(200)
    model = PatientListModel(today=lambda: TODAY)
    model.reset(registry.fetch)
    model.fetchMore(QModelIndex())
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 200
    assert not model.canFetchMore(QModelIndex())


def test_reset_starts_a_new_query(qtbot: QtBot) -> None:
    model = PatientListModel(today=lambda: TODAY)
    model.reset(FakeRegistry(250).fetch)
    with qtbot.waitSignal(model.modelReset):
        model.reset(FakeRegistry(3).fetch)
    assert model.rowCount() == 3
    assert not model.canFetchMore(QModelIndex())


def test_columns_read_as_a_us_clinic_expects() -> None:
    row = summary(7, first_name="José", middle_name="Luis", last_name="Peña", preferred_name="Pepe")
    model = PatientListModel(lambda _after, _limit: [row], today=lambda: TODAY)
    model.reset(lambda _after, _limit: [row])

    def cell(column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.data(model.index(0, column), role)

    assert cell(Column.NAME) == "Peña, José Luis “Pepe”"
    assert "Pepe" in str(cell(Column.NAME, Qt.ItemDataRole.ToolTipRole))
    assert cell(Column.BIRTH) == "03/02/1961 (65 y)"
    assert cell(Column.MRN) == "1007-0000"
    assert cell(Column.PHONE) == "(512) 555-0142"
    assert cell(Column.PLACE) == "Austin, TX"
    assert cell(Column.STATUS) == "Active"
    assert cell(Column.NAME, PATIENT_ID_ROLE) == 7
    assert model.headerData(Column.BIRTH, Qt.Orientation.Horizontal) == "Date of birth (age)"


def test_a_refused_fetch_leaves_an_empty_consistent_model(qtbot: QtBot, qtmodeltester: object) -> None:
    def refuse(_after: SearchCursor | None, _limit: int) -> list[PatientSummary]:
        raise PermissionDeniedError("admin (Admin) is not allowed to view patient records.")

    model = PatientListModel(today=lambda: TODAY)
    with qtbot.waitSignal(model.fetch_failed) as signal:
        model.reset(refuse)
    assert signal.args == ["admin (Admin) is not allowed to view patient records."]
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # type: ignore[attr-defined]


@pytest.mark.usefixtures("initialized")
def test_real_registry_pages_through_250_patients(
    services: Services, staff: Actor, qtmodeltester: object
) -> None:
    add_many(services, staff, 250)
    add_patient(services, staff, "Zoë", "Ábalos", "7/4/1976")  # sorts first: accents folded

    def fetch(after: SearchCursor | None, limit: int) -> list[PatientSummary]:
        return services.patients.search(staff, "", after, limit)

    model = PatientListModel(today=services.patients.today)
    model.reset(fetch)
    assert model.rowCount() == 100
    assert model.summary_at(0).last_name == "Ábalos"
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 251
    assert not model.canFetchMore(QModelIndex())
    ids = [model.summary_at(r).id for r in range(251)]
    assert len(set(ids)) == 251  # keyset paging neither repeats nor skips
    keys = [model.summary_at(r).sort_key for r in range(251)]
    assert keys == sorted(keys)
