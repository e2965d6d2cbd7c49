"""The safety screen's findings as a list nobody can misread: hard stops red, warnings amber.

The editor shows the panel as a live read-out. The approve dialog builds it with
`acknowledge=True`: each warning then carries its own "I have reviewed this" box and each
hard stop an "I override this hard stop" box; `acknowledged()` and `overridden()` give the
keys of the ticked findings (`Finding.key`, "opioid: tramadol 50 mg") for
`PrescriptionService.approve`, so a decision covers exactly the findings that were shown.
Messages come from the domain's screen (`ldnclinic.domain.safety.screen`) and are shown as
plain text, since they quote what was typed into the chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ldnclinic.domain.safety.findings import Finding, Severity
from ldnclinic.ui.widgets.tones import Tone, hint_colour, make_badge, tone_colours

REVIEWED_TEXT = "I have reviewed this"
OVERRIDE_TEXT = "I override this hard stop"
NO_FINDINGS_TEXT = "Safety screen: nothing to stop for or acknowledge."


def severity_tone(severity: Severity) -> Tone:
    return Tone.DANGER if severity is Severity.HARD_STOP else Tone.WARNING


def findings_summary(findings: Sequence[Finding]) -> str:
    """ "Safety screen: 1 hard stop, 2 warnings" (or that there is nothing)."""
    stops = sum(1 for f in findings if f.severity is Severity.HARD_STOP)
    warnings = len(findings) - stops
    if not findings:
        return NO_FINDINGS_TEXT
    parts = []
    if stops:
        parts.append(f"{stops} hard stop{'s' if stops != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return "Safety screen: " + ", ".join(parts)


class FindingRow(QFrame):
    """One finding: its severity badge and message, and for a warning perhaps a tick box."""

    def __init__(self, finding: Finding, *, acknowledge: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingRow")
        self.setProperty("severity", finding.severity.value)
        tone = Tone.ALERT if finding.severity is Severity.HARD_STOP else Tone.WARNING
        background, text, border = tone_colours(tone)
        stop = finding.severity is Severity.HARD_STOP
        edge = tone_colours(Tone.DANGER)[0] if stop else border
        self.setStyleSheet(
            f"QFrame#findingRow {{ background: {background}; border: 1px solid {border};"
            f" border-left: 5px solid {edge}; border-radius: 4px; }}"
            f" QFrame#findingRow QLabel#findingMessage {{ color: {text}; background: transparent;"
            " border: none; }"
        )
        label = "HARD STOP" if finding.severity is Severity.HARD_STOP else "WARNING"
        self.badge = make_badge(label, severity_tone(finding.severity), self)
        self.badge.setWordWrap(False)
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        bold = self.badge.font()
        bold.setBold(True)
        self.badge.setFont(bold)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedWidth(self.badge.fontMetrics().horizontalAdvance("HARD STOP") + 26)
        self.message = QLabel(self)
        self.message.setObjectName("findingMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setText(finding.message)
        self.message.setAccessibleName(f"{finding.severity.label}: {finding.message}")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.reviewed: QCheckBox | None = None
        text_column = QVBoxLayout()
        text_column.setSpacing(4)
        text_column.addWidget(self.message)
        if acknowledge:
            text = REVIEWED_TEXT if finding.severity is Severity.WARNING else OVERRIDE_TEXT
            self.reviewed = QCheckBox(text, self)
            self.reviewed.setAccessibleName(f"{text}: {finding.message[:80]}")
            text_column.addWidget(self.reviewed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(10)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text_column, 1)


class FindingsPanel(QWidget):
    """A heading with the counts, then one row per finding (hard stops first, as screened)."""

    changed = Signal()  # a "reviewed" box was ticked or cleared

    def __init__(self, parent: QWidget | None = None, *, acknowledge: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self._acknowledge = acknowledge
        self.rows: list[FindingRow] = []
        self.heading = QLabel(NO_FINDINGS_TEXT, self)
        self.heading.setObjectName("findingsHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Safety screen")
        self.empty = QLabel("No hard stops and no warnings for this patient and plan.", self)
        self.empty.setStyleSheet(f"color: {hint_colour()};")
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows_layout)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Replace the rows; ticks on warnings that are still listed are kept."""
        ticked = self.ticked()
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        for finding in findings:
            row = FindingRow(finding, acknowledge=self._acknowledge, parent=self)
            if row.reviewed is not None:
                row.reviewed.setChecked(finding.key in ticked)
                row.reviewed.toggled.connect(lambda _checked: self.changed.emit())
            self._rows_layout.addWidget(row)
            self.rows.append(row)
        self.heading.setText(findings_summary(findings))
        self.empty.setVisible(not findings)
        self.changed.emit()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(row.finding for row in self.rows)

    def hard_stops(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.HARD_STOP)

    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def texts(self) -> list[str]:
        """ "Hard stop: …" / "Warning: …" per row, for tests and screen readers."""
        return [f"{row.finding.severity.label}: {row.finding.message}" for row in self.rows]

    def checkbox(self, code: str) -> QCheckBox:
        """The tick box of the finding with this key (or, the first with this code)."""
        for row in sorted(self.rows, key=lambda r: r.finding.key != code):
            if code in (row.finding.key, row.finding.code) and row.reviewed is not None:
                return row.reviewed
        raise KeyError(code)

    def ticked(self) -> frozenset[str]:
        """Keys of every ticked finding (warnings reviewed and hard stops overridden)."""
        return frozenset(
            row.finding.key for row in self.rows if row.reviewed is not None and row.reviewed.isChecked()
        )

    def acknowledged(self) -> frozenset[str]:
        return frozenset(key for key in self.ticked() if key in {f.key for f in self.warnings()})

    def overridden(self) -> frozenset[str]:
        return frozenset(key for key in self.ticked() if key in {f.key for f in self.hard_stops()})

    def unacknowledged(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.warnings() if f.key not in self.ticked() and self._acknowledge)

    def not_overridden(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.hard_stops() if f.key not in self.ticked() and self._acknowledge)
