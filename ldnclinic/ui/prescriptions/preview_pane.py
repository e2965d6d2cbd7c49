"""The editor's live preview: what the pharmacist will read, what cannot be made as written
(with a button per formula that fits), what Texas requires on the printed script that it
still lacks (it blocks approval) and the safety screen's findings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import Problem
from ldnclinic.domain.prescriptions.doses import format_mg
from ldnclinic.domain.prescriptions.formulary import DosageForm
from ldnclinic.domain.prescriptions.supply import SupplyCalculation
from ldnclinic.domain.safety.findings import Finding
from ldnclinic.services.patients.dto import ConditionEntry
from ldnclinic.services.prescriptions.dto import FormulaEntry
from ldnclinic.ui.prescriptions.findings_panel import FindingsPanel
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.tones import Tone, border_colour, error_colour, hint_colour, tone_colours


def condition_text(condition: ConditionEntry) -> str:
    """ "Fibromyalgia (M79.7)": how a chart condition reads as the intended use."""
    return f"{condition.label} ({condition.icd10})" if condition.icd10 else condition.label


def _short_label(entry: FormulaEntry) -> str:
    """ "1 mg/mL oral liquid" from "Naltrexone HCl 1 mg/mL oral liquid"."""
    return entry.label.removeprefix("Naltrexone HCl ").strip() or entry.code


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    return label


def muted_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = plain_label(text, parent)
    label.setStyleSheet(f"color: {hint_colour()};")
    return label


def _heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


# --- the preview pane ------------------------------------------------------------------------


class PreviewPane(QScrollArea):
    """What the pharmacist will read, why it cannot be made, and the safety findings."""

    use_formula = Signal(int)  # formula id of a suggestion the user picked

    SCHEDULE_COLUMNS = ("Step", "Daily dose", "Each dose", "Dates", "In this supply")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rxPreview")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("rxPreviewBody")
        self.setWidget(body)
        self.title = _heading("Live preview", body)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.state = muted_label("", body)
        self._build_directions(body)
        self.facts_box = self._build_facts(body)
        self.schedule_heading = _heading("Titration schedule", body)
        self.schedule = self._make_schedule(body)
        self._build_problems(body)
        self.missing = self._build_missing(body)
        self.findings = FindingsPanel(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 4, 12, 8)
        layout.setSpacing(6)
        for widget in (
            self.title,
            self.state,
            self.directions_heading,
            self.directions,
            self.facts_box,
            self.schedule_heading,
            self.schedule,
            self.problems_heading,
            self.problems,
            self.suggestion_label,
        ):
            layout.addWidget(widget)
        layout.addLayout(self._suggestions_row)
        layout.addSpacing(6)
        layout.addWidget(self.missing)
        layout.addWidget(self.findings)
        layout.addStretch(1)
        self.show_unavailable("Choose a formula and a plan to see the directions.")

    def _build_directions(self, body: QWidget) -> None:
        self.directions_heading = _heading("Directions, as the pharmacist will read them", body)
        self.directions = plain_label("", body)
        self.directions.setObjectName("rxDirections")
        self.directions.setAccessibleName("Directions")
        self.directions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.directions.setStyleSheet(
            f"QLabel#rxDirections {{ border: 1px solid {border_colour()}; border-radius: 4px;"
            " padding: 8px; font-size: 11pt; }"
        )

    def _build_facts(self, body: QWidget) -> QWidget:
        box = QWidget(body)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 2, 0, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        self.facts: dict[str, QLabel] = {}
        self.fact_captions: dict[str, QLabel] = {}
        captions = (
            ("quantity", "Quantity"),
            ("days", "Days supply"),
            ("refill", "Each refill"),
            ("target", "Target dose"),
            ("start", "Starts"),
        )
        for row, (key, caption) in enumerate(captions):
            label = muted_label(caption, box)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            value = plain_label("", box)
            value.setAccessibleName(caption)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            self.facts[key] = value
            self.fact_captions[key] = label
        grid.setColumnStretch(1, 1)
        return box

    def _build_problems(self, body: QWidget) -> None:
        self.problems_heading = _heading("Cannot be made as written", body)
        self.problems_heading.setStyleSheet(f"color: {error_colour()};")
        self.problems = plain_label("", body)
        self.problems.setObjectName("rxProblems")
        self.problems.setAccessibleName("Problems")
        self.problems.setStyleSheet(f"color: {error_colour()};")
        self.suggestion_label = muted_label("These formulas fit every step of the plan:", body)
        self._suggestions_row = QHBoxLayout()
        self._suggestions_row.setSpacing(6)
        self._suggestions_row.addStretch(1)
        self.suggestion_buttons: dict[str, QPushButton] = {}

    def _build_missing(self, body: QWidget) -> QLabel:
        """What the printed script would lack: a red box, like a hard stop (it blocks approval)."""
        label = plain_label("", body)
        label.setObjectName("rxMissing")
        label.setAccessibleName("Missing for the printed script")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        background, text, border = tone_colours(Tone.ALERT)
        edge = tone_colours(Tone.DANGER)[0]
        label.setStyleSheet(
            f"QLabel#rxMissing {{ background: {background}; color: {text}; border: 1px solid {border};"
            f" border-left: 5px solid {edge}; border-radius: 4px; padding: 6px 8px; }}"
        )
        label.hide()
        return label

    def _make_schedule(self, parent: QWidget) -> QTableWidget:
        table = QTableWidget(0, len(self.SCHEDULE_COLUMNS), parent)
        table.setAccessibleName("Titration schedule")
        table.setHorizontalHeaderLabels(list(self.SCHEDULE_COLUMNS))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(self.SCHEDULE_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return table

    # --- filling ------------------------------------------------------------------------------

    def show_unavailable(self, reason: str) -> None:
        """No directions can be worked out yet (the plan cannot be read, say)."""
        self.state.setText(reason)
        self._show_calculation(None, None)
        self._show_problems((), (), None)
        self.show_missing(())
        self.findings.show_findings(())
        self.findings.setVisible(False)

    def show_result(
        self,
        calculation: SupplyCalculation | None,
        problems: Sequence[str],
        findings: Sequence[Finding],
        suggestions: Sequence[FormulaEntry],
        *,
        form: DosageForm | None,
        current_formula_id: int | None,
        start: date | None,
    ) -> None:
        if calculation is not None:
            self.state.setText("Updated as you type. Nothing is saved until you press Save draft.")
        elif problems:
            self.state.setText("No directions: the pharmacy cannot make this plan with this formula.")
        else:
            self.state.setText("No directions yet.")
        self._show_calculation(calculation, form, start)
        self._show_problems(problems, suggestions, current_formula_id)
        self.findings.setVisible(True)
        self.findings.show_findings(without_repeats(findings, problems))

    def _show_calculation(
        self, calculation: SupplyCalculation | None, form: DosageForm | None, start: date | None = None
    ) -> None:
        shown = calculation is not None
        for widget in (
            self.directions_heading,
            self.directions,
            self.facts_box,
            self.schedule_heading,
            self.schedule,
        ):
            widget.setVisible(shown)
        if calculation is None:
            self.directions.setText("")
            for label in self.facts.values():
                label.setText("")
            self.schedule.setRowCount(0)
            return
        self.directions.setText(calculation.sig)
        self.facts["quantity"].setText(calculation.quantity_text)
        self.facts["days"].setText(f"{calculation.days_supply} days")
        # A titration's refill is the first fill again, which lasts less at the final dose.
        refill = calculation.refill_text
        self.facts["refill"].setText(refill.partition(": ")[2] if refill else "")
        for widget in (self.facts["refill"], self.fact_captions["refill"]):
            widget.setVisible(refill is not None)
        first = calculation.schedule[0].starts if calculation.schedule else start
        target_when = us_date(calculation.target_date)
        if first is not None and calculation.target_date > first:
            day = (calculation.target_date - first).days + 1
            target_when = f"{target_when} (day {day})"
        self.facts["target"].setText(f"{format_mg(calculation.target_dose_mg)} from {target_when}")
        self.facts["start"].setText(us_date(first) if first is not None else "today")
        self._fill_schedule(calculation, form)

    def _fill_schedule(self, calculation: SupplyCalculation, form: DosageForm | None) -> None:
        steps = calculation.schedule
        self.schedule.setRowCount(len(steps))
        for row, step in enumerate(steps):
            amount = form.units(step.units) if form is not None else str(step.units)
            if step.ends is None:
                dates = f"from {us_date(step.starts)}"
            else:
                dates = f"{us_date(step.starts)} – {us_date(step.ends)}"
            days = step.days_in_supply
            supply = f"{days} day{'s' if days != 1 else ''}" if days else "after this supply"
            texts = (str(step.number), f"{format_mg(step.dose_mg)} {step.time_phrase}", amount, dates, supply)
            for column, text in enumerate(texts):
                self.schedule.setItem(row, column, QTableWidgetItem(text))
        rows = sum(self.schedule.rowHeight(r) for r in range(len(steps)))
        self.schedule.setFixedHeight(
            self.schedule.horizontalHeader().sizeHint().height() + rows + 2 * self.schedule.frameWidth()
        )

    def _show_problems(
        self, problems: Sequence[str], suggestions: Sequence[FormulaEntry], current_formula_id: int | None
    ) -> None:
        self.problems_heading.setVisible(bool(problems))
        self.problems.setText("\n".join(f"• {problem}" for problem in condensed(problems)))
        self.problems.setVisible(bool(problems))
        for button in self.suggestion_buttons.values():
            button.hide()
            button.deleteLater()
        self.suggestion_buttons = {}
        offered = [s for s in suggestions if s.id != current_formula_id] if problems else []
        for position, entry in enumerate(offered[:4]):
            button = QPushButton(f"Use {entry.code} ({_short_label(entry)})", self.widget())
            button.setToolTip(f"Switch to {entry.label}")
            button.setAccessibleName(f"Use {entry.code}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, chosen=entry.id: self.use_formula.emit(chosen))
            self._suggestions_row.insertWidget(position, button)
            self.suggestion_buttons[entry.code] = button
        self.suggestion_label.setVisible(bool(offered))

    def show_missing(self, missing: Sequence[str]) -> None:
        """What Texas requires on the printed script and this one lacks (hidden when nothing)."""
        self.missing.setText(
            "BLOCKS APPROVAL — the printed script would lack what Texas requires:\n"
            + "\n".join(f"• {item}" for item in missing)
        )
        self.missing.setVisible(bool(missing))

    def missing_lines(self) -> list[str]:
        """The missing elements shown now, one a line ([] when none)."""
        if not self.missing.isVisibleTo(self):
            return []
        return [line.removeprefix("• ") for line in self.missing.text().splitlines()[1:]]

    # --- reading (tests, accessibility) -------------------------------------------------------

    def text(self) -> str:
        """Everything the pane shows now, as one text."""
        parts = [self.state.text()]
        if self.directions.isVisibleTo(self):
            parts.append(self.directions.text())
            parts.extend(f"{key}: {label.text()}" for key, label in self.facts.items() if label.text())
            for row in range(self.schedule.rowCount()):
                cells = [self.schedule.item(row, c) for c in range(self.schedule.columnCount())]
                parts.append(" | ".join(cell.text() for cell in cells if cell is not None))
        if self.problems.isVisibleTo(self):
            parts.append(self.problems.text())
        if self.missing.isVisibleTo(self):
            parts.append(self.missing.text())
        parts.extend(self.findings.texts())
        return "\n".join(parts)


def condensed(problems: Sequence[str]) -> list[str]:
    """Problems that differ only in their dose said once: "0.5 mg, 1 mg and 2 mg cannot be
    given in whole capsules of …" instead of three lines that read the same."""
    groups: dict[str, list[str]] = {}
    for problem in problems:
        if isinstance(problem, Problem):  # about one dose: grouped by what is wrong with it
            groups.setdefault(problem.predicate, []).append(problem.subject)
        else:
            groups.setdefault(problem, []).append("")
    lines = []
    for rest, doses in groups.items():
        if not doses[0]:
            lines.append(rest)
        elif len(doses) == 1:
            lines.append(f"{doses[0]} {rest}")
        else:
            lines.append(f"{', '.join(doses[:-1])} and {doses[-1]} {rest}")
    return lines


def without_repeats(findings: Sequence[Finding], problems: Sequence[str]) -> tuple[Finding, ...]:
    """The "cannot be made" hard stop repeats the problems listed just above it: keep its
    first sentence and point there, so the pane is not a wall of the same text."""

    def shortened(finding: Finding) -> Finding:
        if problems and finding.headline and set(problems) <= set(finding.restates):
            return Finding(
                finding.code, finding.severity, f"{finding.headline}: see “Cannot be made as written”."
            )
        return finding

    return tuple(shortened(finding) for finding in findings)


# --- the dialog ------------------------------------------------------------------------------
