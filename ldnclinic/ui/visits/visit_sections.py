"""The visit form's first two sections: the visit itself and the treatment.

Visit: when (in the clinic's time zone), how (video, audio only, in person), where the
patient is right now (Texas law: the patient must be in Texas for a telemedicine visit) and
whether they consented. Treatment: the dose the patient takes (read with `parse_dose`,
shown the ISMP way), how they take it, and side effects.

Each section moves data only: `load(note)` fills it, `read(values, problems)` adds its part
of the note to `values` (VisitNote keyword arguments) and anything it cannot read to
`problems`.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.geography import US_STATES
from ldnclinic.domain.prescriptions.doses import DoseFormatError, format_mg, parse_dose
from ldnclinic.domain.visits.note import Adherence, Modality, SideEffect, VisitNote
from ldnclinic.ui.widgets.sections import Section, name_inner_edits, select

DATE_TIME_FORMAT = "MM/dd/yyyy HH:mm"
NO_STATE = ""


def wall_clock(moment: datetime, zone: ZoneInfo) -> QDateTime:
    """The moment as the clinic's wall-clock time, held as a zone-free (UTC) QDateTime so the
    computer's own zone and its daylight saving never move it."""
    local = moment.astimezone(zone)
    return QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), QTimeZone.utc()
    )


def from_wall_clock(value: QDateTime, zone: ZoneInfo) -> datetime:
    day, time = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=zone)


class VisitSection(Section):
    """When, how and where the visit happened, and the patient's consent."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__("Visit", parent)
        self._zone = zone
        self.visit_at = QDateTimeEdit(self)
        self.visit_at.setTimeZone(QTimeZone.utc())
        self.visit_at.setDisplayFormat(DATE_TIME_FORMAT)
        self.visit_at.setCalendarPopup(True)
        name_inner_edits(self.visit_at, "Visit date and time")
        self.visit_at.setToolTip(f"In the clinic's time zone ({zone.key})")
        self.row("&Date and time", self.visit_at, ("visit_at",))
        self.modality = QComboBox(self)
        self.modality.setAccessibleName("Modality")
        for modality in Modality:
            self.modality.addItem(modality.label, modality.value)
        self.row("&Modality", self.modality)
        self.row("Patient &location", self._build_location(), ("location_state", "location_city"))
        self.consent = QCheckBox("Patient consented to this visit", self)
        self.consent.setAccessibleName("Patient consented to this visit")
        self.row("", self.consent, ("consent_confirmed",))
        self.visit_at.dateTimeChanged.connect(lambda _value: self.changed("visit_at"))
        self.modality.currentIndexChanged.connect(lambda _index: self.changed("modality"))
        self.state.currentIndexChanged.connect(lambda _index: self.changed("location_state"))
        self.city.textChanged.connect(lambda _text: self.changed("location_city"))
        self.consent.toggled.connect(lambda _checked: self.changed("consent_confirmed"))

    def _build_location(self) -> QWidget:
        box = QWidget(self)
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        self.state = QComboBox(box)
        self.state.setAccessibleName("State the patient is in")
        self.state.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.state.setMinimumContentsLength(len("Texas (TX)") + 1)
        self.state.addItem("State…", NO_STATE)
        self.state.addItem("Texas (TX)", "TX")
        self.state.insertSeparator(self.state.count())
        for code, name in sorted(US_STATES.items(), key=lambda item: item[1]):
            if code != "TX":
                self.state.addItem(f"{name} ({code})", code)
        self.city = QLineEdit(box)
        self.city.setAccessibleName("City the patient is in")
        self.city.setPlaceholderText("City, e.g. Austin")
        self.city.setMaxLength(limits.VISIT_CITY.box)
        line.addWidget(self.state, 2)
        line.addWidget(self.city, 3)
        return box

    def load(self, note: VisitNote) -> None:
        self.visit_at.setDateTime(wall_clock(note.visit_at, self._zone))
        select(self.modality, note.modality.value)
        if not select(self.state, note.location_state.upper()):
            select(self.state, NO_STATE)
        self.city.setText(note.location_city)
        self.consent.setChecked(note.consent_confirmed)

    def read(self, values: dict[str, Any], _problems: dict[str, str]) -> None:
        values["visit_at"] = from_wall_clock(self.visit_at.dateTime(), self._zone)
        values["modality"] = Modality(self.modality.currentData())
        values["location_state"] = str(self.state.currentData() or NO_STATE)
        values["location_city"] = self.city.text()
        values["consent_confirmed"] = self.consent.isChecked()

    def set_read_only(self, read_only: bool) -> None:
        self.visit_at.setReadOnly(read_only)
        self.visit_at.setButtonSymbols(
            QDateTimeEdit.ButtonSymbols.NoButtons if read_only else QDateTimeEdit.ButtonSymbols.UpDownArrows
        )
        self.visit_at.setCalendarPopup(not read_only)
        self.city.setReadOnly(read_only)
        for widget in (self.modality, self.state, self.consent):
            widget.setEnabled(not read_only)

    def snapshot(self) -> tuple[object, ...]:
        return (
            self.visit_at.dateTime().toString(DATE_TIME_FORMAT),
            self.modality.currentData(),
            self.state.currentData(),
            self.city.text(),
            self.consent.isChecked(),
        )


class TreatmentSection(Section):
    """The dose the patient takes now, adherence and side effects."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Treatment", parent)
        self.dose = QLineEdit(self)
        self.dose.setAccessibleName("Current daily dose")
        self.dose.setPlaceholderText("e.g. 4.5 mg")
        self.dose.setMaxLength(limits.AMOUNT_BOX)
        self.dose.setToolTip("The daily dose the patient takes now, in mg (blank if not taking LDN)")
        self.row("Current &dose", self.dose, ("current_dose_mg",))
        self.adherence = QComboBox(self)
        self.adherence.setAccessibleName("Adherence")
        self.adherence.addItem("Not asked", None)
        for adherence in Adherence:
            self.adherence.addItem(adherence.label, adherence.value)
        self.row("&Adherence", self.adherence)
        self.row("Side effects", self._build_side_effects(), ("side_effect_other",), top=True)
        self.dose.textEdited.connect(lambda _text: self.changed("current_dose_mg"))
        self.dose.editingFinished.connect(self._tidy_dose)
        self.adherence.currentIndexChanged.connect(lambda _index: self.changed("adherence"))
        self.other_text.textChanged.connect(lambda _text: self.changed("side_effect_other"))

    def _build_side_effects(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 2, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.side_effects: dict[SideEffect, QCheckBox] = {}
        for index, effect in enumerate(SideEffect):
            check = QCheckBox(effect.label, box)
            check.setAccessibleName(f"Side effect: {effect.label}")
            check.toggled.connect(lambda _checked, chosen=effect: self._effect_toggled(chosen))
            grid.addWidget(check, index // 3, index % 3)
            self.side_effects[effect] = check
        self.other_text = QLineEdit(box)
        self.other_text.setAccessibleName("Other side effect")
        self.other_text.setPlaceholderText("Which other side effect?")
        self.other_text.setMaxLength(limits.VISIT_SIDE_EFFECT_OTHER.box)
        self.other_text.setEnabled(False)
        grid.addWidget(self.other_text, grid.rowCount(), 0, 1, 3)
        return box

    def _effect_toggled(self, effect: SideEffect) -> None:
        if effect is SideEffect.OTHER:
            checked = self.side_effects[SideEffect.OTHER].isChecked()
            self.other_text.setEnabled(checked and not self.other_text.isReadOnly())
            self.changed("side_effect_other")
        self.changed("side_effects")

    def _tidy_dose(self) -> None:
        """Show a readable dose the ISMP way ("4.5 mg") once the user leaves the field."""
        text = self.dose.text()
        if not text.strip():
            return
        with contextlib.suppress(DoseFormatError):  # else left as typed; the problem shows on save
            self.dose.setText(format_mg(parse_dose(text)))

    def load(self, note: VisitNote) -> None:
        dose = note.current_dose_mg
        self.dose.setText(format_mg(dose) if dose is not None else "")
        select(self.adherence, note.adherence.value if note.adherence else None)
        for effect, check in self.side_effects.items():
            check.setChecked(effect in note.side_effects)
        self.other_text.setText(note.side_effect_other)

    def read(self, values: dict[str, Any], problems: dict[str, str]) -> None:
        values["current_dose_mg"] = self._dose(problems)
        adherence = self.adherence.currentData()
        values["adherence"] = Adherence(adherence) if adherence else None
        values["side_effects"] = frozenset(e for e, check in self.side_effects.items() if check.isChecked())
        values["side_effect_other"] = self.other_text.text()

    def _dose(self, problems: dict[str, str]) -> Decimal | None:
        text = self.dose.text()
        if not text.strip():
            return None
        try:
            return parse_dose(text)
        except DoseFormatError as error:
            problems["current_dose_mg"] = str(error)
            return None

    def set_read_only(self, read_only: bool) -> None:
        self.dose.setReadOnly(read_only)
        other = self.side_effects[SideEffect.OTHER].isChecked()
        self.other_text.setReadOnly(read_only)
        self.other_text.setVisible(other or not read_only)
        self.other_text.setEnabled(other)
        self.adherence.setEnabled(not read_only)
        for check in self.side_effects.values():
            check.setEnabled(not read_only)

    def snapshot(self) -> tuple[object, ...]:
        return (
            self.dose.text(),
            self.adherence.currentData(),
            tuple(check.isChecked() for check in self.side_effects.values()),
            self.other_text.text(),
        )
