"""A prescriber approves a draft: what it says, what the safety screen found, and the sign-off.

Each warning has its own "I have reviewed this" box and each hard stop its own "I override
this hard stop" box; an override also needs a reason a reviewer can read (the domain's
`reason_problem`, checked as it is typed) and the prescriber's password. Approve stays
disabled until all of that is done, and the line beside it says what is still missing. The
service checks the same rules again (`PrescriptionService.approve`); if the chart changed
meanwhile its findings are shown afresh and the ticks already given are kept for the
findings still listed, so anything new must be ticked on its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.reasons import reason_problem
from ldnclinic.domain.text import clean_text
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from ldnclinic.services.prescriptions.printing import SafetyStopError
from ldnclinic.services.prescriptions.readiness import IncompleteScriptError
from ldnclinic.ui.prescriptions.findings_panel import FindingsPanel
from ldnclinic.ui.widgets.formatting import us_date
from ldnclinic.ui.widgets.tones import Banner, FieldMessage, Tone, hint_colour, tone_colours

OVERRIDE_EXPLANATION = (
    "A hard stop means this prescription should not go out as it is. If you are sure it is "
    "safe for this patient, tick each hard stop you override, write why in a sentence, and "
    "confirm with your password. The override covers only the hard stops listed here: anything "
    "new sends the script back to you. It is kept with the prescription and in the audit trail "
    "under your name."
)


def reason_text(text: str) -> str:
    """The reason as the service stores it: cleaned, on one line."""
    return clean_text(text)


class ApproveDialog(QDialog):
    approved = Signal(object)  # PrescriptionDetail, once approved

    def __init__(
        self, services: Services, actor: Actor, detail: PrescriptionDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approveDialog")
        self._services = services
        self._actor = actor
        self.detail = detail
        self.missing_elements: tuple[str, ...] = ()
        self.setWindowTitle(f"Approve prescription — {detail.patient_name}")
        self.banner = Banner(Tone.DANGER, self)
        self.summary = QFrame(self)
        self.summary.setObjectName("approveSummary")
        self.summary.setFrameShape(QFrame.Shape.StyledPanel)
        self._facts: dict[str, QLabel] = {}
        self._build_summary()
        self.findings = FindingsPanel(acknowledge=True)
        self.findings.changed.connect(self._update_state)
        self.override_box = self._build_override()
        self.blocked = QLabel(self)
        self.blocked.setObjectName("blocked")
        self.blocked.setWordWrap(True)
        self.blocked.setTextFormat(Qt.TextFormat.PlainText)
        self.blocked.setAccessibleName("Cannot approve")
        self.blocked.setStyleSheet(self._red_box_style("blocked"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(self._build_middle(), 1)
        layout.addLayout(self._build_buttons())
        self.show_detail(detail)
        self.resize(940, 700)

    # --- building -----------------------------------------------------------------------------

    def _build_middle(self) -> QScrollArea:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 6, 0)
        column.setSpacing(8)
        column.addWidget(self.blocked)
        column.addWidget(self.findings)
        column.addWidget(self.override_box)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    def _build_buttons(self) -> QHBoxLayout:
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("What approval still needs")
        self.approve_button = QPushButton("Approve", self)
        self.approve_button.setAccessibleName("Approve prescription")
        self.approve_button.setDefault(True)
        self.approve_button.clicked.connect(self.approve)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel approval")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.cancel_button)
        return buttons

    @staticmethod
    def _red_box_style(name: str) -> str:
        background, text, border = tone_colours(Tone.ALERT)
        return (
            f"#{name} {{ background: {background}; color: {text}; border: 1px solid {border};"
            " border-radius: 4px; padding: 8px; }"
        )

    def _build_summary(self) -> None:
        grid = QGridLayout(self.summary)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        rows = (
            ("patient", "Patient"),
            ("medication", "Medication"),
            ("directions", "Directions"),
            ("quantity", "Quantity"),
            ("plan", "Plan"),
            ("diagnosis", "Intended use"),
            ("pharmacy", "Pharmacy"),
            ("note", "Note to pharmacist"),
        )
        for row, (key, caption) in enumerate(rows):
            label = QLabel(caption, self.summary)
            label.setStyleSheet(f"color: {hint_colour()};")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = QLabel(self.summary)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setAccessibleName(caption)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self._facts[key] = value
        grid.setColumnStretch(1, 1)
        bold = self._facts["directions"].font()
        bold.setBold(True)
        self._facts["directions"].setFont(bold)

    def _build_override(self) -> QFrame:
        box = QFrame()
        box.setObjectName("overrideBox")
        background, text, border = tone_colours(Tone.ALERT)
        box.setStyleSheet(
            f"QFrame#overrideBox {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }} QFrame#overrideBox QLabel {{ color: {text}; background: transparent; }}"
        )
        title = QLabel("Override the hard stop", box)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.override_explanation = QLabel(OVERRIDE_EXPLANATION, box)
        self.override_explanation.setWordWrap(True)
        self.reason = QPlainTextEdit(box)
        self.reason.setAccessibleName("Reason for the override")
        self.reason.setPlaceholderText(
            "e.g. Patient stopped tramadol on 11/10; confirmed by phone with the pharmacy today."
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        self.reason.textChanged.connect(self._reason_edited)
        self.reason_message = FieldMessage(box)
        password_label = QLabel("Your &password", box)
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Your password, to confirm the override")
        self.password.setMinimumWidth(240)
        self.password.setMaximumWidth(320)
        self.password.textChanged.connect(self._password_edited)
        password_label.setBuddy(self.password)
        self.password_message = FieldMessage(box)
        password_row = QHBoxLayout()
        password_row.setSpacing(8)
        password_row.addWidget(password_label)
        password_row.addWidget(self.password)
        password_row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(self.override_explanation)
        layout.addWidget(self.reason)
        layout.addWidget(self.reason_message)
        layout.addLayout(password_row)
        layout.addWidget(self.password_message)
        return box

    # --- showing ------------------------------------------------------------------------------

    def show_detail(self, detail: PrescriptionDetail) -> None:
        self.detail = detail
        calc = detail.calculation
        facts = {
            "patient": f"{detail.patient_name} · MRN {detail.patient_mrn}",
            "medication": f"{detail.medication} ({detail.formula_code})",
            "directions": calc.sig if calc else "None: the pharmacy cannot make this as written.",
            "quantity": (
                f"{calc.quantity_text} · {calc.days_supply} days supply · {_refills(detail.refills)}"
                if calc
                else "—"
            ),
            "plan": f"{detail.plan_name or 'Custom plan'}; starts {us_date(detail.start_date)}",
            "diagnosis": _diagnosis(detail),
            "pharmacy": detail.pharmacy_name or "None chosen (the patient takes the script)",
            "note": detail.pharmacist_note or "—",
        }
        for key, text in facts.items():
            self._facts[key].setText(text)
        self.findings.show_findings(detail.findings)
        self.override_box.setVisible(bool(detail.hard_stops))
        self.show_blocked(detail, detail.missing_elements)
        self._update_state()

    def show_blocked(self, detail: PrescriptionDetail, missing: tuple[str, ...]) -> None:
        """Why it cannot be approved as it is, in the red box (hidden when nothing blocks)."""
        reasons = []
        if detail.calculation is None:
            reasons.append(
                "This prescription cannot be approved: the pharmacy cannot make it as written. "
                + " ".join(detail.problems)
                + " Close this and edit the prescription (choose a formula that fits the plan)."
            )
        if missing:
            reasons.append(
                "This prescription cannot be approved: the printed script would lack what Texas "
                "requires.\n"
                + "\n".join(f"• {item}" for item in missing)
                + "\nAdd them to the patient's chart, the clinic profile or the prescriber's account "
                "(or edit the prescription), then approve it."
            )
        self.missing_elements = missing
        self.blocked.setText("\n\n".join(reasons))
        self.blocked.setVisible(bool(reasons))

    def _reason_edited(self) -> None:
        typed = self.reason.toPlainText()
        if len(typed.split()) >= 3 or len(typed) >= 20:
            self._show_reason_problem()  # said as typed, once it could be a sentence
        else:
            self.reason_message.show_problem(None)
        self._update_state()

    def _password_edited(self) -> None:
        self.password_message.show_problem(None)
        self._update_state()

    def missing(self) -> list[str]:
        """What approval still needs, in plain words ([] when ready)."""
        if self.detail.calculation is None:
            return ["The prescription must be edited first."]
        needs = []
        if self.missing_elements:
            count = len(self.missing_elements)
            needs.append(f"Add what the printed script lacks ({count} listed in red above).")
        stops = len(self.findings.not_overridden())
        if stops:
            needs.append(f"Tick “I override this hard stop” for each hard stop ({stops} left).")
        left = len(self.findings.unacknowledged())
        if left:
            needs.append(f"Tick “I have reviewed this” for each warning ({left} left).")
        if self.detail.hard_stops:
            if reason_problem(self.reason.toPlainText(), what="The override reason"):
                needs.append("Write the reason for the override as a sentence (three real words or more).")
            if not self.password.text():
                needs.append("Type your password to confirm the override.")
        return needs

    def _show_reason_problem(self) -> None:
        """The rule's own words under the reason, once something was typed."""
        typed = self.reason.toPlainText()
        self.reason_message.show_problem(
            reason_problem(typed, what="The override reason") if typed.strip() else None
        )

    def can_approve(self) -> bool:
        return not self.missing()

    def _update_state(self) -> None:
        needs = self.missing()
        self.approve_button.setEnabled(not needs)
        self.status.setText(
            " ".join(needs) if needs else "Ready: Approve makes you the prescriber on this script."
        )
        self.status.setStyleSheet(f"color: {hint_colour()};")

    # --- approving ----------------------------------------------------------------------------

    def approve(self) -> PrescriptionDetail | None:
        if not self.can_approve():
            self._update_state()
            return None
        stops = bool(self.detail.hard_stops)
        reason = reason_text(self.reason.toPlainText()) if stops else None
        try:
            detail = self._services.prescriptions.approve(
                self._actor,
                self.detail.id,
                self.detail.version,
                acknowledged=self.findings.acknowledged(),
                override_reason=reason,
                overridden=self.findings.overridden(),
                password=self.password.text() if stops else None,
            )
        except ValidationError as error:
            text = error.field_errors.get("override_reason")
            if text:
                self.reason_message.show_problem(text)
            password = error.field_errors.get("password")
            if password:
                self.password.clear()
                self.password_message.show_problem(password)
            self.banner.show_message(f"Not approved: {' '.join(error.field_errors.values())}", Tone.DANGER)
        except SafetyStopError as error:
            self._reload(f"Not approved: {error.message}")
        except IncompleteScriptError as error:  # your own details, say: you become the prescriber
            self.show_blocked(self.detail, error.missing)
            self._update_state()
            self.banner.show_message(
                "Not approved: the printed script would lack what Texas requires.", Tone.DANGER
            )
        except ConflictError as error:
            current = error.current
            if isinstance(current, PrescriptionDetail):
                self.show_detail(current)
            self.banner.show_message(
                f"Not approved: {error.message} Check what is shown now, then approve again.", Tone.DANGER
            )
        except DomainError as error:
            self.banner.show_message(f"Not approved: {error.message}", Tone.DANGER)
        else:
            self.approved.emit(detail)
            self.accept()
            return detail
        return None

    def _reload(self, message: str) -> None:
        try:
            self.show_detail(self._services.prescriptions.get(self._actor, self.detail.id))
        except DomainError as error:
            message += f" {error.message}"
        self.banner.show_message(message, Tone.DANGER)


def _refills(count: int) -> str:
    return "no refills" if count == 0 else f"{count} refill{'s' if count != 1 else ''}"


def _diagnosis(detail: PrescriptionDetail) -> str:
    if detail.diagnosis_omitted:
        return f"Left off the printed script (on file: {detail.diagnosis or 'none'})"
    return detail.diagnosis or "—"
