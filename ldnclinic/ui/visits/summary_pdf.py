"""The visit summary PDF (for the record, or a copy for the patient), rendered on a worker
thread and shown in the app's PDF preview, from which it is printed or saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.workers import run_in_background


def summary_title(patient_name: str, visit_day: str, *, for_patient: bool) -> str:
    kind = "patient copy" if for_patient else "summary"
    return f"Visit {visit_day} — {kind} — {patient_name}"


def show_summary_pdf(
    services: Services,
    actor: Actor,
    visit_id: int,
    *,
    for_patient: bool,
    title: str,
    parent: QWidget,
    shown: Callable[[PdfPreviewDialog], None],
    failed: Callable[[BaseException], None],
) -> None:
    """Render the summary off the GUI thread, then open it in a preview owned by `parent`
    and hand the preview to `shown`."""

    def opened(pdf: bytes) -> None:
        file_name = "visit-patient-copy" if for_patient else "visit-summary"
        dialog = PdfPreviewDialog(pdf, title, parent, file_name=f"{file_name}-{visit_id}.pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(860, 720)
        dialog.open()
        shown(dialog)

    run_in_background(
        lambda: services.visits.summary_pdf(actor, visit_id, for_patient=for_patient),
        on_result=opened,
        on_error=failed,
        owner=parent,
    )
