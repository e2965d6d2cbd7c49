"""The visit form's outcome measures and the prescriber's decision.

Pain, fatigue, sleep quality and mood are 0-10 scores; each can also be "Not asked" (the
spin box's lowest step), which is saved as no value rather than as 0. The Patient Global
Impression of Change is picked from its seven labelled answers. A condition-specific
score (FIQR, EDSS ...) has a name and a value. The decision says what happens to the dose.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.prescriptions.doses import format_amount
from ldnclinic.domain.visits.note import PGIC_LABELS, Decision, Measure, Scores, VisitNote
from ldnclinic.ui.widgets.sections import Section, muted, name_inner_edits, select

NOT_ASKED = "Not asked"
NOT_ASKED_VALUE = -1  # the spin boxes' lowest step, shown as "Not asked"
SCALES: tuple[tuple[Measure, str, str], ...] = (
    (Measure.PAIN, "&Pain", "0 none · 10 worst"),
    (Measure.FATIGUE, "&Fatigue", "0 none · 10 worst"),
    (Measure.SLEEP, "&Sleep quality", "0 very poor · 10 excellent"),
    (Measure.MOOD, "M&ood", "0 very low · 10 excellent"),
)
_ASCII_NUMBER = frozenset("0123456789.")


class OutcomeSection(Section):
    """The outcome measures of one visit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Outcome measures", parent)
        self.scores: dict[Measure, QSpinBox] = {}
        for measure, caption, anchors in SCALES:
            self.row(caption, self._score_box(measure, anchors), (measure.value,))
        self.pgic = QComboBox(self)
        self.pgic.setAccessibleName("Global impression of change")
        self.pgic.setToolTip("Patient Global Impression of Change since starting LDN")
        self.pgic.addItem(NOT_ASKED, None)
        for value, label in PGIC_LABELS.items():
            self.pgic.addItem(f"{value} · {label}", value)
        self.row("&Global change", self.pgic, ("pgic",))
        self.row("&Condition score", self._build_condition(), ("condition_name", "condition"))
        self.pgic.currentIndexChanged.connect(lambda _index: self.changed("pgic"))
        self.condition_name.textChanged.connect(lambda _text: self.changed("condition_name"))
        self.condition_value.textChanged.connect(lambda _text: self.changed("condition"))

    def _score_box(self, measure: Measure, anchors: str) -> QWidget:
        box = QWidget(self)
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(8)
        spin = QSpinBox(box)
        _low, high = measure.scale
        spin.setRange(NOT_ASKED_VALUE, high)
        spin.setSpecialValueText(NOT_ASKED)
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance(NOT_ASKED) + 44)
        name_inner_edits(spin, measure.label)
        spin.setToolTip(f"{measure.label}: {anchors}; the lowest step is “{NOT_ASKED}”")
        spin.valueChanged.connect(lambda _value, key=measure.value: self.changed(key))
        line.addWidget(spin)
        anchor = muted(anchors, box)
        anchor.setWordWrap(False)
        line.addWidget(anchor, 1)
        self.scores[measure] = spin
        return box

    def _build_condition(self) -> QWidget:
        box = QWidget(self)
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        self.condition_name = QLineEdit(box)
        self.condition_name.setAccessibleName("Condition score name")
        self.condition_name.setPlaceholderText("Name, e.g. FIQR")
        self.condition_name.setMaxLength(limits.VISIT_CONDITION_NAME.box)
        self.condition_value = QLineEdit(box)
        self.condition_value.setAccessibleName("Condition score value")
        self.condition_value.setPlaceholderText("Value")
        self.condition_value.setMaxLength(limits.SCORE_VALUE_BOX)
        self.condition_value.setMaximumWidth(
            self.condition_value.fontMetrics().horizontalAdvance("0000.00") + 24
        )
        line.addWidget(self.condition_name, 1)
        line.addWidget(self.condition_value)
        return box

    def load(self, note: VisitNote) -> None:
        scores = note.scores
        for measure, spin in self.scores.items():
            value = getattr(scores, measure.value)
            spin.setValue(NOT_ASKED_VALUE if value is None else int(value))
        select(self.pgic, scores.pgic)
        self.condition_name.setText(scores.condition_name or "")
        self.condition_value.setText(format_amount(scores.condition) if scores.condition is not None else "")

    def read(self, values: dict[str, Any], problems: dict[str, str]) -> None:
        chosen = {
            measure.value: (None if spin.value() == NOT_ASKED_VALUE else spin.value())
            for measure, spin in self.scores.items()
        }
        pgic = self.pgic.currentData()
        values["scores"] = Scores(
            **chosen,
            pgic=int(pgic) if pgic is not None else None,
            condition_name=self.condition_name.text() or None,
            condition=self._condition(problems),
        )

    def _condition(self, problems: dict[str, str]) -> Decimal | None:
        text = self.condition_value.text().strip()
        if not text:
            return None
        if set(text) <= _ASCII_NUMBER and text.count(".") <= 1 and text != ".":
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the characters admit only numbers
                pass
        problems["condition"] = "Type the score as a number, for example 42 or 42.5."
        return None

    def set_read_only(self, read_only: bool) -> None:
        for spin in self.scores.values():
            spin.setReadOnly(read_only)
            spin.setButtonSymbols(
                QSpinBox.ButtonSymbols.NoButtons if read_only else QSpinBox.ButtonSymbols.UpDownArrows
            )
        self.pgic.setEnabled(not read_only)
        self.condition_name.setReadOnly(read_only)
        self.condition_value.setReadOnly(read_only)

    def snapshot(self) -> tuple[object, ...]:
        return (
            tuple(spin.value() for spin in self.scores.values()),
            self.pgic.currentData(),
            self.condition_name.text(),
            self.condition_value.text(),
        )


class DecisionSection(Section):
    """What the prescriber decided about the dose."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Decision", parent)
        self.decision = QComboBox(self)
        self.decision.setAccessibleName("Decision")
        self.decision.addItem("Not decided yet", None)
        for decision in Decision:
            self.decision.addItem(decision.label, decision.value)
        self.row("", self.decision, ("decision",))
        self.hint = muted("", self)
        self.row("", self.hint)
        self.hint.hide()
        self.offers_prescription = False  # the dialog can draft a new script from the reviewed one
        self.decision.currentIndexChanged.connect(self._chosen)

    def _chosen(self, _index: int) -> None:
        decision = self.value()
        self.hint.setText(
            "After saving you can draft a new prescription from the current one and change its dose there."
            if self.offers_prescription and decision is not None and decision.changes_dose
            else ""
        )
        self.hint.setVisible(bool(self.hint.text()))
        self.changed("decision")

    def value(self) -> Decision | None:
        data = self.decision.currentData()
        return Decision(data) if data else None

    def load(self, note: VisitNote) -> None:
        select(self.decision, note.decision.value if note.decision else None)

    def read(self, values: dict[str, Any], _problems: dict[str, str]) -> None:
        values["decision"] = self.value()

    def set_read_only(self, read_only: bool) -> None:
        self.decision.setEnabled(not read_only)
        if read_only:
            self.hint.hide()

    def snapshot(self) -> tuple[object, ...]:
        return (self.decision.currentData(),)
