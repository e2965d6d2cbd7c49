"""The plan builder: a titration plan as an editable table of dose steps.

Each row is one step: the daily dose in mg, for how many days (empty for the last step,
which goes on until the next review), and the time of day. Cells are checked as they are
typed, with the domain's own rules (`parse_dose`, `plan_problems`); every problem is listed
in one message under the table, and the cell it belongs to is outlined. A dose above the
low-dose limit (10 mg) is read but flagged at once: it is most often a slipped decimal
point. Nothing typed is ever cleared by a check.

The table types like a spreadsheet: Enter (or Return) moves to the next cell, and from a
row's last cell to the next row's first (from the very last cell, back to the first); it is
never passed on, so it cannot press the dialog's default button (Save) from inside the plan.
A click into a dose or days cell selects its whole value, so typing replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.prescriptions.doses import DoseFormatError, format_amount, format_mg, parse_dose
from ldnclinic.domain.prescriptions.titration import (
    DAYS_CELL,
    MAX_STEPS,
    TimeOfDay,
    TitrationStep,
    plan_problems,
)
from ldnclinic.domain.safety.screen import MAX_LOW_DOSE_MG
from ldnclinic.ui.widgets.tones import FieldMessage, error_colour

COLUMNS = ("Dose (mg)", "Days", "Time of day")
LAST_DAYS_HINT = "until review"


@dataclass(slots=True)
class StepRow:
    """The three inputs of one step."""

    dose: QLineEdit
    days: QLineEdit
    time: QComboBox


@dataclass(frozen=True, slots=True)
class _Reading:
    steps: tuple[TitrationStep, ...] | None  # None: some cell cannot be read
    problems: tuple[str, ...]
    bad_cells: frozenset[tuple[int, int]]  # (row, column)


def _read_days(text: str) -> int | None:
    """Typed days as a number; raises ValueError when it is not a whole number."""
    digits = text.strip()
    if not digits:
        return None
    if not (digits.isascii() and digits.isdigit()):  # "²".isdigit() is true; int("²") fails
        raise ValueError(digits)
    return int(digits) if len(digits.lstrip("0")) <= 6 else 10**6


def read_steps(cells: list[tuple[str, str, TimeOfDay]]) -> _Reading:
    """The typed (dose, days, time) cells as steps, with every problem in plain words."""
    problems: list[str] = []
    bad: set[tuple[int, int]] = set()
    steps: list[TitrationStep] = []
    readable = True
    for row, (dose_text, days_text, time) in enumerate(cells):
        number = row + 1
        dose: Decimal | None = None
        if not dose_text.strip():
            problems.append(f"Step {number}: type the dose in mg, for example 1.5.")
            bad.add((row, 0))
        else:
            try:
                dose = parse_dose(dose_text)
            except DoseFormatError as error:
                problems.append(f"Step {number} dose: {error}")
                bad.add((row, 0))
        if dose is not None and dose > MAX_LOW_DOSE_MG:
            problems.append(
                f"Step {number}: {format_mg(dose)} is more than {format_mg(MAX_LOW_DOSE_MG)}, which is not "
                f"a low dose. Check the decimal point (did you mean {format_mg(dose / 10)}?)."
            )
            bad.add((row, 0))
        days: int | None = None
        try:
            days = _read_days(days_text)
        except ValueError:
            problems.append(f"Step {number} days: “{days_text.strip()[:20]}” is not a whole number of days.")
            bad.add((row, 1))
            readable = False
        if dose is None:
            readable = False
        else:
            steps.append(TitrationStep(dose, days, time))
    if readable:
        for problem in plan_problems(tuple(steps)):
            problems.append(problem)
            if problem.step is not None:
                bad.add((problem.step - 1, 1 if problem.cell == DAYS_CELL else 0))
    usable = readable and not plan_problems(tuple(steps))
    return _Reading(tuple(steps) if usable else None, tuple(problems), frozenset(bad))


class PlanBuilder(QWidget):
    """Steps in a table, with Add step / Remove step / Up / Down and one message line."""

    edited = Signal()  # the user changed the steps (typed, added, removed, moved, time of day)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planBuilder")
        self.rows: list[StepRow] = []
        self._external: str | None = None
        self._read_only = False
        self._current = -1
        self._clicked_into: QObject | None = None  # a cell the mouse just moved the focus into
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAccessibleName("Plan steps")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setCornerButtonEnabled(False)
        for corner in self.table.findChildren(QAbstractButton):
            corner.setAccessibleName("Plan steps corner")
        self.table.verticalHeader().setHighlightSections(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.viewport().installEventFilter(self)  # a click between the cells' widgets
        self.message = FieldMessage(self)
        self.message.setAccessibleName("Plan problems")
        self.add_button = self._button("Add step", "Add a step at the end (the new last step)", self.add_step)
        self.remove_button = self._button("Remove step", "Remove the selected step", self.remove_step)
        self.up_button = self._button("Up", "Move the selected step earlier", self.move_up)
        self.down_button = self._button("Down", "Move the selected step later", self.move_down)
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(4)
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.addWidget(self.up_button, 0, 2)
        buttons.addWidget(self.down_button, 0, 3)
        buttons.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._refresh()

    def _button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- data in and out ---------------------------------------------------------------------

    def set_steps(self, steps: tuple[TitrationStep, ...]) -> None:
        """Show `steps` (from a template or a saved script); not counted as a user edit."""
        self._external = None
        self.table.setRowCount(0)
        self.rows = []
        for step in steps:
            self._append_row(step)
        self._current = len(self.rows) - 1
        self._refresh()

    def steps(self) -> tuple[TitrationStep, ...] | None:
        """The steps as typed, or None while a cell cannot be read or the plan is incomplete."""
        return self._reading().steps

    def problems(self) -> list[str]:
        problems = list(self._reading().problems)
        if self._external and self._external not in problems:
            problems.append(self._external)
        return problems

    def cells(self) -> list[tuple[str, str, str]]:
        """The raw typed text of every cell (what "nothing typed is lost" compares)."""
        return [(row.dose.text(), row.days.text(), str(row.time.currentData())) for row in self.rows]

    def dose_edit(self, row: int) -> QLineEdit:
        return self.rows[row].dose

    def days_edit(self, row: int) -> QLineEdit:
        return self.rows[row].days

    def time_combo(self, row: int) -> QComboBox:
        return self.rows[row].time

    def show_problem(self, text: str | None) -> None:
        """A problem the service found on save; shown until the steps are edited."""
        self._external = text or None
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows:
            row.dose.setReadOnly(read_only)
            row.days.setReadOnly(read_only)
            row.time.setEnabled(not read_only)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setVisible(not read_only)
        self._refresh()

    # --- editing -------------------------------------------------------------------------------

    def add_step(self) -> None:
        if len(self.rows) >= MAX_STEPS:
            return
        time = TimeOfDay(self.rows[-1].time.currentData()) if self.rows else TimeOfDay.BEDTIME
        row = self._append_row(TitrationStep(Decimal(0), None, time), dose_text="")
        self._current = len(self.rows) - 1
        self._user_edited()
        row.dose.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_step(self) -> None:
        index = self._selected()
        if index < 0:
            return
        self.table.removeRow(index)
        self.rows.pop(index)
        self._current = min(index, len(self.rows) - 1)
        self._user_edited()
        if self._current >= 0:
            self.rows[self._current].dose.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def select_step(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self._current = index
            # Select without making the row current: a current cell would take the focus
            # away from the cell being typed in.
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(self.table.model().index(index, 0), flags)
            self._update_buttons()

    def _move(self, offset: int) -> None:
        index = self._selected()
        other = index + offset
        if index < 0 or not 0 <= other < len(self.rows):
            return
        first, second = self.rows[index], self.rows[other]
        texts = (first.dose.text(), first.days.text(), first.time.currentIndex())
        first.dose.setText(second.dose.text())
        first.days.setText(second.days.text())
        first.time.setCurrentIndex(second.time.currentIndex())
        second.dose.setText(texts[0])
        second.days.setText(texts[1])
        second.time.setCurrentIndex(texts[2])
        self._current = other
        self._user_edited()
        second.dose.setFocus(Qt.FocusReason.OtherFocusReason)

    def _selected(self) -> int:
        if 0 <= self._current < len(self.rows):
            return self._current
        return len(self.rows) - 1

    def _append_row(self, step: TitrationStep, *, dose_text: str | None = None) -> StepRow:
        index = self.table.rowCount()
        self.table.insertRow(index)
        dose = QLineEdit()
        dose.setText(format_amount(step.dose_mg) if dose_text is None else dose_text)
        dose.setPlaceholderText("e.g. 1.5")
        days = QLineEdit()
        days.setText("" if step.days is None else str(step.days))
        time = QComboBox()
        for choice in TimeOfDay:
            time.addItem(choice.label, choice.value)
        time.setCurrentIndex(max(0, time.findData(step.time_of_day.value)))
        row = StepRow(dose, days, time)
        for widget in (dose, days):
            widget.setFrame(False)
            widget.setMaxLength(limits.AMOUNT_BOX)
            widget.textEdited.connect(lambda _text: self._user_edited())
        time.activated.connect(lambda _index: self._user_edited())
        dose.setReadOnly(self._read_only)
        days.setReadOnly(self._read_only)
        time.setEnabled(not self._read_only)
        for column, cell in enumerate((dose, days, time)):
            cell.installEventFilter(self)
            self.table.setCellWidget(index, column, cell)
        self.rows.append(row)
        return row

    def _user_edited(self) -> None:
        self._external = None
        self._refresh()
        self.edited.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for index, row in enumerate(self.rows):
                if watched in (row.dose, row.days, row.time):
                    self.select_step(index)
                    break
            # Qt moves the focus before it delivers the click that moved it: remember it.
            mouse = isinstance(event, QFocusEvent) and event.reason() == Qt.FocusReason.MouseFocusReason
            self._clicked_into = watched if mouse else None
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            entering, self._clicked_into = self._clicked_into is watched, None
            if watched is self.table.viewport():
                at = self.table.indexAt(event.position().toPoint())
                cell = self.table.cellWidget(at.row(), at.column()) if at.isValid() else None
                if cell is not None:
                    self._enter_cell(cell, Qt.FocusReason.MouseFocusReason)
                    return True
            elif isinstance(watched, QLineEdit) and (entering or not watched.hasFocus()):
                # The first click into a cell takes its whole value (typing replaces it);
                # a click into the cell being typed in places the cursor as usual.
                self._enter_cell(watched, Qt.FocusReason.MouseFocusReason)
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter and Return from anywhere in the table (a cell passes them up, as the table
        does) move to the next cell; they never reach the dialog's default button."""
        if event.key() in (Qt.Key.Key_Enter, Qt.Key.Key_Return) and self.rows:
            event.accept()
            self.next_cell()
            return
        super().keyPressEvent(event)

    def cell_at(self, widget: QObject | None) -> tuple[int, int] | None:
        """(row, column) of the cell holding `widget`, or None."""
        for index, row in enumerate(self.rows):
            for column, cell in enumerate((row.dose, row.days, row.time)):
                if widget is cell:
                    return index, column
        return None

    def next_cell(self) -> None:
        """Move the focus to the cell after the one being typed in (see the module)."""
        here = self.cell_at(QApplication.focusWidget())
        if here is None:
            row, column = max(self._selected(), 0), 0  # the table itself: into its current row
        else:
            row, column = here
            column += 1
            if column == len(COLUMNS):
                row, column = (row + 1) % len(self.rows), 0
        cells = self.rows[row]
        self.table.scrollTo(self.table.model().index(row, column))
        self._enter_cell((cells.dose, cells.days, cells.time)[column], Qt.FocusReason.TabFocusReason)

    def _enter_cell(self, cell: QWidget, reason: Qt.FocusReason) -> None:
        cell.setFocus(reason)
        self._clicked_into = None  # entered here: the next click in it places the cursor
        if isinstance(cell, QLineEdit):
            cell.selectAll()

    # --- showing -----------------------------------------------------------------------------

    def _reading(self) -> _Reading:
        return read_steps(
            [(row.dose.text(), row.days.text(), TimeOfDay(row.time.currentData())) for row in self.rows]
        )

    def _refresh(self) -> None:
        reading = self._reading()
        count = len(self.rows)
        for index, row in enumerate(self.rows):
            number = index + 1
            last = index == count - 1
            row.dose.setAccessibleName(f"Step {number} dose in mg")
            row.days.setAccessibleName(f"Step {number} days")
            row.time.setAccessibleName(f"Step {number} time of day")
            row.days.setPlaceholderText(LAST_DAYS_HINT if last else "days")
            for column, edit in ((0, row.dose), (1, row.days)):
                bad = (index, column) in reading.bad_cells
                edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {error_colour()}; }}" if bad else "")
        self.table.setVerticalHeaderLabels([f"Step {n}" for n in range(1, count + 1)])
        problems = list(reading.problems)
        if self._external and self._external not in problems:
            problems.append(self._external)
        self.message.show_problem("\n".join(problems) if problems else None)
        if not problems and count > 1:
            self.message.show_hint("The last step has no days: it continues until the next review.")
        else:
            self.message.show_hint("")
        self._fit_height()
        self._update_buttons()

    def _fit_height(self) -> None:
        visible = max(3, min(len(self.rows), 9))
        height = self.table.horizontalHeader().sizeHint().height() + visible * (
            self.table.verticalHeader().defaultSectionSize()
        )
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)

    def _update_buttons(self) -> None:
        index = self._selected()
        editable = not self._read_only
        self.add_button.setEnabled(editable and len(self.rows) < MAX_STEPS)
        self.remove_button.setEnabled(editable and index >= 0)
        self.up_button.setEnabled(editable and index > 0)
        self.down_button.setEnabled(editable and 0 <= index < len(self.rows) - 1)
