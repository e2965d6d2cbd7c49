"""The patient's live prescription, shown above a new one, and the two ways on from it.

A patient already on LDN does not start a fresh titration: the box says what the live script
is (medication, plan, the dose today, supply and refills, when it started and when its supply
runs out) and offers "Continue the same plan" (a renewal) or "Change the dose". The prefills
come from the service (`PrescriptionService.new_draft_for`); this box only shows them and
says which one the user picked (`chosen(kind)`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.services.prescriptions.start import LiveScript
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.tones import Tone, tone_colours

SAME_PLAN = "same_plan"
CHANGE_DOSE = "change_dose"
_HINTS = {
    SAME_PLAN: "The same formula and plan, going on from the dose then (a renewal); starts the day "
    "the supply runs out, or today if it has.",
    CHANGE_DOSE: "Starts today from today's dose: give how long it lasts, then type the new dose in the "
    "next step.",
}


def _refills(count: int) -> str:
    return "no refills" if count == 0 else f"{count} refill{'s' if count != 1 else ''}"


class LiveScriptBox(QFrame):
    """The live script's facts and the Continue / Change buttons (one of them checked)."""

    chosen = Signal(str)  # SAME_PLAN or CHANGE_DOSE, when the user picks one

    def __init__(self, live: LiveScript, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveScriptBox")
        self.live = live
        background, text, border = tone_colours(Tone.INFO)
        self.setStyleSheet(
            f"QFrame#liveScriptBox {{ background: {background}; border: 1px solid {border};"
            f" border-left: 5px solid {text}; border-radius: 4px; }}"
            f" QFrame#liveScriptBox QLabel {{ color: {text}; background: transparent; border: none; }}"
        )
        label = live.serial or f"#{live.id}"
        self.title = QLabel(f"Live prescription {label} ({live.status.label.lower()}): start from it", self)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setAccessibleName("Live prescription")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addLayout(self._build_facts(live, today))
        layout.addLayout(self._build_buttons())

    def _build_facts(self, live: LiveScript, today: date) -> QGridLayout:
        runs_out = "ran out" if live.runs_out <= today else "runs out"
        rows = (
            ("medication", "Formula", f"{live.medication} ({live.formula_code})"),
            ("plan", "Plan", f"{live.plan_name}: {live.plan_text}"),
            ("dose", "Dose today", f"{live.dose_today} (on {us_date(today)})"),
            ("supply", "Supply", f"{live.supply_days} days, {_refills(live.refills)}"),
            (
                "start",
                "Started",
                f"{us_date(live.start_date)}; the supply {runs_out} on {us_date(live.runs_out)}",
            ),
        )
        self.facts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for row, (key, caption, value) in enumerate(rows):
            name = QLabel(caption, self)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(self)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setWordWrap(True)
            shown.setText(value)
            shown.setAccessibleName(caption)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0)
            grid.addWidget(shown, row, 1)
            self.facts[key] = shown
        grid.setColumnStretch(1, 1)
        return grid

    def _build_buttons(self) -> QHBoxLayout:
        self.same_button = self._choice("Continue the same plan", SAME_PLAN)
        self.change_button = self._choice("Change the dose", CHANGE_DOSE)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.addButton(self.same_button)
        self._group.addButton(self.change_button)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.same_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.hint, 1)
        return buttons

    def _choice(self, text: str, kind: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text)
        button.setCheckable(True)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: self.chosen.emit(kind))
        return button

    def show_choice(self, kind: str) -> None:
        """Mark `kind` as the way the form was filled in (not a user's pick: no signal)."""
        button = self.same_button if kind == SAME_PLAN else self.change_button
        button.setChecked(True)
        for each in (self.same_button, self.change_button):  # the way chosen reads at a glance
            font = each.font()
            font.setBold(each is button)
            each.setFont(font)
        self.hint.setText(_HINTS[kind])

    def choice(self) -> str:
        return SAME_PLAN if self.same_button.isChecked() else CHANGE_DOSE

    def text(self) -> str:
        """Everything the box says, for tests and screen readers."""
        return "\n".join([self.title.text(), *(label.text() for label in self.facts.values())])
