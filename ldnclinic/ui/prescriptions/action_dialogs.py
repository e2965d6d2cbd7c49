"""The small dialogs a prescription action needs: void with a reason, mark sent.

Each asks its question with a few inputs, calls the service itself and emits `done_with`
(the updated `PrescriptionDetail`) once the service accepted; a refusal stays in the dialog,
at its field or in the banner, and nothing typed is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain import field_limits as limits
from ldnclinic.domain.errors import ConflictError, DomainError, ValidationError
from ldnclinic.domain.prescriptions.status import SendMethod
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.prescriptions.dto import PrescriptionDetail
from ldnclinic.ui.prescriptions.action_rules import rx_label
from ldnclinic.ui.widgets.dialogs import button_row
from ldnclinic.ui.widgets.tones import Banner, FieldMessage, Tone


class _ActionDialog(QDialog):
    """A question with a few inputs, a banner for refusals and [accept] [Cancel]."""

    done_with = Signal(object)  # PrescriptionDetail after the service accepted

    def __init__(self, title: str, intro: str, accept: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = Banner(Tone.DANGER, self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        buttons, self.accept_button, self.cancel_button = button_row(accept, "Cancel", self.run, self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)

    def run(self) -> None:
        try:
            detail = self.call()
        except ValidationError as error:
            self.show_field_errors(error.field_errors)
        except ConflictError as error:
            self.banner.show_message(f"{error.message} Close this and try again.", Tone.DANGER)
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
        else:
            self.done_with.emit(detail)
            self.accept()

    def call(self) -> PrescriptionDetail:
        raise NotImplementedError

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.banner.show_message(" ".join(errors.values()), Tone.DANGER)


class VoidDialog(_ActionDialog):
    """Void with a reason (the service wants at least a few words)."""

    def __init__(
        self, services: Services, actor: Actor, detail: PrescriptionDetail, parent: QWidget | None = None
    ) -> None:
        printed = detail.status.was_printed
        intro = (
            f"Void {rx_label(detail)} for {detail.patient_name}? A void prescription can never be "
            "printed or sent again."
            + (" Destroy the printed original, or write VOID across it." if printed else "")
        )
        super().__init__("Void prescription", intro, "Void prescription", parent)
        self._services = services
        self._actor = actor
        self.detail = detail
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for voiding")
        self.reason.setPlaceholderText("e.g. Dose changed at today's visit")
        self.reason.setMaxLength(limits.RX_VOID_REASON.box)
        self.reason.textChanged.connect(self._typed)
        self.message = FieldMessage(self)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.reason)
        column.addWidget(self.message)
        self.form.addRow("&Reason", column)
        self.accept_button.setEnabled(False)
        self.message.show_hint("Required: it is kept with the prescription and in the audit trail.")

    def _typed(self, text: str) -> None:
        self.message.show_problem(None)
        self.accept_button.setEnabled(bool(text.strip()))

    def call(self) -> PrescriptionDetail:
        return self._services.prescriptions.void(
            self._actor, self.detail.id, self.detail.version, self.reason.text()
        )

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.message.show_problem(errors.get("reason") or " ".join(errors.values()))


class SendDialog(_ActionDialog):
    """Record how the signed original left the clinic, and to which pharmacy."""

    def __init__(
        self, services: Services, actor: Actor, detail: PrescriptionDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Mark prescription sent",
            f"Record how the signed original of {rx_label(detail)} for {detail.patient_name} was sent.",
            "Mark sent",
            parent,
        )
        self._services = services
        self._actor = actor
        self.detail = detail
        self.method = QComboBox()
        self.method.setAccessibleName("How it was sent")
        for method in SendMethod:
            self.method.addItem(method.label, method.value)
        self.pharmacy = QComboBox()
        self.pharmacy.setAccessibleName("Pharmacy it was sent to")
        self.pharmacy.addItem("None (the patient took it)", None)
        for pharmacy in services.pharmacies.list():
            self.pharmacy.addItem(
                f"{pharmacy.name}, {pharmacy.city} · fax {pharmacy.fax or '—'}", pharmacy.id
            )
        index = self.pharmacy.findData(detail.pharmacy_id)
        self.pharmacy.setCurrentIndex(max(index, 0))
        self.pharmacy_message = FieldMessage(self)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.pharmacy)
        column.addWidget(self.pharmacy_message)
        self.form.addRow("&Method", self.method)
        self.form.addRow("&Pharmacy", column)
        self.method.currentIndexChanged.connect(lambda _i: self.pharmacy_message.show_problem(None))
        self.pharmacy.currentIndexChanged.connect(lambda _i: self.pharmacy_message.show_problem(None))

    def call(self) -> PrescriptionDetail:
        pharmacy = self.pharmacy.currentData()
        return self._services.prescriptions.send(
            self._actor,
            self.detail.id,
            self.detail.version,
            method=SendMethod(self.method.currentData()),
            pharmacy_id=int(pharmacy) if pharmacy is not None else None,
        )

    def show_field_errors(self, errors: dict[str, str]) -> None:
        self.pharmacy_message.show_problem(errors.get("pharmacy_id") or " ".join(errors.values()))
