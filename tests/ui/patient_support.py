"""Helpers for the patient UI tests (no tests here): patients and pharmacies made through
the real services, and small waits that never sleep."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ldnclinic.domain.enums import PhoneKind
from ldnclinic.services.clinic.service import PharmacyInfo, PharmacyInput
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import AllergyInput, MedicationInput, PatientDetail, PatientInput
from ldnclinic.ui.patients.patients_view import PatientsView
from tests.support.qt import type_text

# The offscreen platform cannot resize a shown top-level window to new size hints; a real
# desktop can. The message says nothing about our code, so these tests let it pass.


def letters(number: int, width: int = 3) -> str:
    """A letters-only suffix (names may not hold digits): 0 -> "aaa", 27 -> "abb"."""
    out = ""
    for _ in range(width):
        number, digit = divmod(number, 26)
        out = chr(ord("a") + digit) + out
    return out


def add_patient(
    services: Services, actor: Actor, first: str, last: str, born: str, **changes: Any
) -> PatientDetail:
    data = PatientInput(first_name=first, last_name=last, date_of_birth=born, sex="female")
    return services.patients.create(actor, dataclasses.replace(data, **changes))


def add_many(services: Services, actor: Actor, count: int) -> None:
    for number in range(count):
        add_patient(services, actor, "Ann" + letters(number), "Zimmer" + letters(number), "1/15/1980")


def add_pharmacy(services: Services, actor: Actor, name: str = "Hill Country Compounding") -> PharmacyInfo:
    return services.pharmacies.create(
        actor,
        PharmacyInput(name, "500 W 5th St", "Austin", "TX", "78701", "(512) 555-0177", npi="1234567893"),
    )


def add_norco_patient(services: Services, actor: Actor) -> PatientDetail:
    """Out of Texas, allergic to penicillin, taking Norco: every header badge at once."""
    return add_patient(
        services,
        actor,
        "José",
        "Peña",
        "3/2/1961",
        middle_name="Luis",
        preferred_name="Pepe",
        sex="male",
        preferred_language="es",
        street="2200 Central Ave SE",
        city="Albuquerque",
        state="NM",
        zip="87106",
        phones={PhoneKind.MOBILE: "(512) 555-0142"},
        status="active",
        allergies=(AllergyInput("Penicillin", "hives"), AllergyInput("Sulfa drugs", "rash")),
        medications=(
            MedicationInput("Norco", "5/325 mg every 6 hours as needed"),
            MedicationInput("Levothyroxine", "50 mcg daily"),
            MedicationInput("Tramadol", "50 mg", active=False),
        ),
    )


def loaded_view(qtbot: QtBot, services: Services, actor: Actor) -> PatientsView:
    view = PatientsView(services, actor)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    with qtbot.waitSignal(view.first_page_loaded, timeout=5000):
        view.show()
    return view


def search(qtbot: QtBot, view: PatientsView, text: str) -> None:
    """Replace the search text and wait until the debounced search has run."""
    view.search_box.clear()
    view.run_search()
    type_text(view.search_box, text)
    assert view.search_pending()
    qtbot.waitUntil(lambda: not view.search_pending(), timeout=3000)


def visible_texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def top_level_windows(kind: type[QWidget]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
