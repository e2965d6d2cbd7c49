"""Optimistic locking as people meet it: two workstations edit the same loaded version.

The second save is refused; the user's edits stay in the form, their version is shown beside
them, and nothing is lost until the user keeps one of the two.
"""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.ui.patients.chart_window import ChartWindow
from tests.support.qt import type_text
from tests.ui.patient_support import add_norco_patient


def workstation(qtbot: QtBot, services: Services, actor: Actor, detail: PatientDetail) -> ChartWindow:
    chart = ChartWindow(services, actor, detail)
    qtbot.addWidget(chart, before_close_func=lambda widget: chart.discard_edits())
    chart.show()
    chart.start_editing()
    return chart


def race(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> tuple[ChartWindow, ChartWindow]:
    """Maria and Dr García open the same chart; she saves first, then he saves."""
    detail = add_norco_patient(services, staff)
    maria = workstation(qtbot, services, staff, detail)
    garcia = workstation(qtbot, services, prescriber, detail)
    maria.form.identity.preferred_name.set_text("Joe")
    maria.form.address.city.set_text("Santa Fe")
    maria.form.address.zip.set_text("87501")
    assert maria.save() is not None
    garcia.form.identity.preferred_name.edit.clear()
    type_text(garcia.form.identity.preferred_name.edit, "Pepito")
    type_text(garcia.form.contact.email.edit, "jose@example.com")
    assert garcia.save() is None
    return maria, garcia


def test_a_stale_save_shows_both_versions_and_keeps_the_edits(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> None:
    maria, garcia = race(qtbot, services, staff, prescriber)
    assert garcia.conflict.isVisible()
    assert garcia.editing
    assert "Someone else saved changes" in garcia.conflict.message.text()
    rows = {(d.label, d.changed_by, d.mine, d.theirs) for d in garcia.conflict.differences}
    assert rows == {
        ("Preferred name", "you and they", "Pepito", "Joe"),
        ("E-mail", "you", "jose@example.com", "—"),
        ("City", "they", "Albuquerque", "Santa Fe"),
        ("ZIP", "they", "87106", "87501"),
    }
    assert garcia.form.identity.preferred_name.text() == "Pepito"  # his edits are still on screen
    assert garcia.form.contact.email.text() == "jose@example.com"
    saved = services.patients.get(staff, maria.detail.id)
    assert saved.preferred_name == "Joe"  # and hers are still stored
    assert garcia.conflict.table.rowCount() == 4


def test_keep_mine_saves_over_their_version(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> None:
    maria, garcia = race(qtbot, services, staff, prescriber)
    with qtbot.waitSignal(garcia.saved) as saved:
        garcia.conflict.keep_button.click()
    after: PatientDetail = saved.args[0]
    assert after.version == maria.detail.version + 1
    assert (after.preferred_name, after.email, after.city) == ("Pepito", "jose@example.com", "Albuquerque")
    assert not garcia.conflict.isVisible()
    assert not garcia.editing


def test_take_theirs_reloads_their_version(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> None:
    maria, garcia = race(qtbot, services, staff, prescriber)
    garcia.conflict.theirs_button.click()
    assert not garcia.editing
    assert not garcia.conflict.isVisible()
    assert garcia.form.identity.preferred_name.text() == "Joe"
    assert garcia.form.address.city.text() == "Santa Fe"
    assert garcia.detail == maria.detail
    assert services.patients.get(staff, maria.detail.id).version == maria.detail.version  # nothing saved
    garcia.start_editing()
    garcia.form.identity.middle_name.set_text("Luis Miguel")
    assert garcia.save() is not None  # and the next save is on top of their version


def test_more_edits_after_the_conflict_are_kept_too(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> None:
    _maria, garcia = race(qtbot, services, staff, prescriber)
    type_text(garcia.form.address.street.edit, " Unit 3")
    detail = garcia.flow.keep_mine()
    assert detail is not None
    assert detail.street == "2200 Central Ave SE Unit 3"
    assert detail.email == "jose@example.com"


def test_a_refused_keep_mine_after_a_second_race_shows_the_newest_version(
    qtbot: QtBot, services: Services, staff: Actor, prescriber: Actor
) -> None:
    maria, garcia = race(qtbot, services, staff, prescriber)
    theirs = services.patients.get(staff, maria.detail.id)
    services.patients.update(
        staff, theirs.id, dataclasses.replace(theirs.to_input(), zip="87505"), theirs.version
    )
    assert garcia.flow.keep_mine() is None
    assert garcia.conflict.isVisible()
    assert ("ZIP", "they", "87106", "87505") in {
        (d.label, d.changed_by, d.mine, d.theirs) for d in garcia.conflict.differences
    }
    assert garcia.flow.keep_mine() is not None
