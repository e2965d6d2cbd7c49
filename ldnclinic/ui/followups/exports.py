"""The worklist's exports: a call list to print (PDF, previewed first), a spreadsheet (CSV) and
a calendar of scheduled appointments (.ics), each for the worklist's current filter.

Where to save is asked first (`choose_save_path`, which tests replace on the object, as on
the PDF preview); the service builds the file in a worker (it is audited there) and the
file is written in the same worker. `finished(text)` reports what was saved; a refusal
or a disk error is shown through `prompts`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import WorklistFilter
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

EXPORT_FAILED_KEY = "followup_export_failed"
CSV_FILTER = "Spreadsheet (CSV) (*.csv)"
ICS_FILTER = "Calendar (*.ics)"

SaveQuestion = Callable[[QWidget | None, str, str, str], str | None]  # parent, title, suggested name, filter


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
    """Ask where to save; None when cancelled."""
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


def with_suffix(chosen: str, suffix: str) -> Path:
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _write_csv(path: Path, text: str) -> str:
    # utf-8-sig: spreadsheet programs then read accented names as UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(text)
    rows = max(text.count("\r\n") - 1, 0)
    return f"Saved {_plural(rows, 'follow-up')} to {path}."


def _write_ics(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    events = data.count(b"BEGIN:VEVENT")
    return f"Saved {_plural(events, 'appointment')} to {path}."


class WorklistExports(QObject):
    """Runs the three exports for a widget (`parent`); one at a time."""

    finished = Signal(str)

    def __init__(self, services: Services, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._parent = parent
        self.choose_save_path: SaveQuestion = ask_save_path
        self.preview: PdfPreviewDialog | None = None
        self.busy = False

    def save_csv(self, wanted: WorklistFilter, today: date | None) -> bool:
        """Ask where, then save the worklist as CSV; False if nothing was started."""
        chosen = self._ask("Save the worklist as a spreadsheet", f"follow-ups{_dated(today)}.csv", CSV_FILTER)
        if chosen is None:
            return False
        path = with_suffix(chosen, ".csv")
        services, actor = self._services, self._actor
        return self._start(lambda: _write_csv(path, services.followups.export_csv(actor, wanted)), path)

    def save_ics(self, wanted: WorklistFilter, today: date | None) -> bool:
        """Ask where, then save the scheduled appointments as an iCalendar file."""
        chosen = self._ask(
            "Save the appointments as a calendar", f"follow-up-appointments{_dated(today)}.ics", ICS_FILTER
        )
        if chosen is None:
            return False
        path = with_suffix(chosen, ".ics")
        services, actor = self._services, self._actor
        return self._start(lambda: _write_ics(path, services.followups.export_ics(actor, wanted)), path)

    def call_list(self, wanted: WorklistFilter, scope: str, today: date | None) -> bool:
        """Build the call list in a worker and show it to print or save."""
        if self.busy:
            return False
        self.busy = True
        services, actor = self._services, self._actor
        run_in_background(
            lambda: services.followups.call_list_pdf(actor, wanted, scope=scope),
            on_result=lambda pdf: self._show_pdf(pdf, today),
            on_error=lambda error: self._failed(error, None),
            owner=self,
        )
        return True

    # --- helpers --------------------------------------------------------------------------------

    def _ask(self, title: str, suggested: str, file_filter: str) -> str | None:
        if self.busy:
            return None
        return self.choose_save_path(self._parent, title, suggested, file_filter)

    def _start(self, work: Callable[[], str], path: Path) -> bool:
        self.busy = True
        run_in_background(
            work, on_result=self._saved, on_error=lambda error: self._failed(error, path), owner=self
        )
        return True

    def _saved(self, text: str) -> None:
        self.busy = False
        self.finished.emit(text)

    def _show_pdf(self, pdf: bytes, today: date | None) -> None:
        self.busy = False
        dialog = PdfPreviewDialog(
            pdf, "Follow-up call list", self._parent, file_name=f"call-list{_dated(today)}.pdf"
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: self._preview_closed(dialog))
        dialog.resize(900, 720)
        self.preview = dialog
        dialog.open()
        self.finished.emit("The call list is ready: print it or save it from the preview.")

    def _preview_closed(self, dialog: PdfPreviewDialog) -> None:
        if self.preview is dialog:
            self.preview = None

    def _failed(self, error: BaseException, path: Path | None) -> None:
        self.busy = False
        if isinstance(error, DomainError):
            prompts.warn(self._parent, EXPORT_FAILED_KEY, "Export", error.message)
        elif isinstance(error, OSError) and path is not None:
            reason = error.strerror or "the file could not be written"
            prompts.warn(self._parent, EXPORT_FAILED_KEY, "Export", f"Could not save to {path}: {reason}.")
        else:
            report_unhandled(error)


def _dated(today: date | None) -> str:
    return f"-{today.isoformat()}" if today is not None else ""
