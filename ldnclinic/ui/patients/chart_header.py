"""The chart header: who the patient is, and the badges nobody may miss.

Badges: allergies (listed, "No known allergies", or "Allergies not recorded" in amber), a red
badge naming each medication taken now that stops LDN (an opioid, or another opioid
antagonist), read by the same function as the safety screen, and the amber warning for an
address outside Texas.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ldnclinic.services.patients.dto import MedicationEntry, PatientDetail
from ldnclinic.ui.widgets.formatting import age_text, us_date
from ldnclinic.ui.widgets.tones import Banner, Tone, hint_colour, make_badge, set_badge


def allergy_badge(detail: PatientDetail) -> tuple[str, Tone]:
    if detail.allergies:
        listed = "; ".join(
            f"{a.substance} ({a.reaction})" if a.reaction else a.substance for a in detail.allergies
        )
        return f"Allergies: {listed}", Tone.ALERT
    if detail.no_known_allergies:
        return "No known allergies", Tone.CALM
    return "Allergies not recorded", Tone.WARNING


def opioid_line(medication: MedicationEntry) -> str:
    """ "OPIOID: Norco 5/325 mg — contains hydrocodone (opioid agonist)": the entry, then what it is."""
    entry = f"{medication.name} {medication.dose or ''}".strip()
    reading = medication.reading
    if reading.opioids:
        parts = [
            match.kind.label
            if match.matched == match.ingredient
            else f"contains {match.ingredient} ({match.kind.label})"
            for match in reading.opioids
        ]
        return f"OPIOID: {entry} — {'; '.join(parts)}"
    if reading.antagonist is not None:
        return f"ANTAGONIST: {entry} — {reading.antagonist.kind.label}"
    return entry


def opioid_badge(detail: PatientDetail) -> str:
    """The red badge's text (a line per medication), or "" when nothing taken now stops LDN."""
    return "\n".join(opioid_line(m) for m in detail.opioids)


class ChartHeader(QFrame):
    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.setObjectName("chartHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel(self)
        self.name.setObjectName("chartName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preferred = QLabel(self)
        self.preferred.setStyleSheet(f"color: {hint_colour()};")
        self.status = make_badge("", Tone.INFO, self)
        self.status.setWordWrap(False)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.allergies = make_badge("", Tone.WARNING, self)
        self.allergies.setObjectName("allergyBadge")
        self.opioids = make_badge("", Tone.DANGER, self)
        self.opioids.setObjectName("opioidBadge")
        bold = self.opioids.font()
        bold.setBold(True)
        self.opioids.setFont(bold)
        self.out_of_texas = Banner(Tone.WARNING, self)
        self.out_of_texas.setObjectName("outOfTexasBadge")
        self._lay_out()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.preferred)
        top.addStretch(1)
        top.addWidget(self.status)
        badges = QHBoxLayout()
        badges.addWidget(self.allergies, 2)
        badges.addWidget(self.opioids, 3)
        for badge in (self.allergies, self.opioids):
            badge.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addLayout(badges)
        layout.addWidget(self.out_of_texas)

    def show_detail(self, detail: PatientDetail) -> None:
        self.name.setText(detail.display_name)
        self.name.setAccessibleName(f"Patient {detail.display_name}")
        self.preferred.setText(f"prefers “{detail.preferred_name}”" if detail.preferred_name else "")
        set_badge(self.status, detail.status.label, Tone.INFO)
        born = detail.date_of_birth
        self.facts.setText(
            f"DOB {us_date(born)} · Age {age_text(born, self._today())} · MRN {detail.mrn} · "
            f"{detail.sex.label} · Language: {detail.preferred_language.label}"
        )
        text, tone = allergy_badge(detail)
        set_badge(self.allergies, text, tone)
        opioids = opioid_badge(detail)
        set_badge(self.opioids, opioids, Tone.DANGER)
        self.opioids.setVisible(bool(opioids))
        self.out_of_texas.show_message(detail.out_of_texas_warning or "")
