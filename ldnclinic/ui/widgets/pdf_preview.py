"""Show a PDF inside the app, and print PDFs on a real printer.

A PDF is printed the way TECH-NOTES describes: each page is rendered with QPdfDocument
onto a white page on the QPrinter's painter, scaled to fit the paper (never a screenshot
of a widget). `PrintRun` keeps one print job open so a batch of prescriptions goes to the
printer as one job; `print_pdf` prints a single document. Both may run on a worker
thread (Qt allows painting on a QPrinter outside the GUI thread).

The two questions a person answers here (which printer, where to save) go through
`choose_printer` and `choose_save_path`, which tests replace on the dialog.

Given an `issue` callback, the dialog shows a preview and Print… / Save PDF… issue the real
document through a service (an original prescription, handouts given): the service renders
it and hands it to the delivery chosen here (every page painted on the printer, or the file
written atomically), and records it only once that succeeded. This runs on a worker thread;
`issued` says it came out and was recorded (the dialog then closes), `refused` that it was
not (a printer or file problem keeps the dialog open to try again; any other refusal closes
it for the owner to explain). A cancelled printer or file dialog issues nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError
from ldnclinic.services.delivery import Deliver, DeliveryError, PdfFile, write_atomically
from ldnclinic.ui.widgets import prompts
from ldnclinic.ui.widgets.theme import set_role
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

# Pages are rendered at the printer's resolution, but never finer than this: 300 dpi is
# sharp on paper, and a 1200 dpi Letter page would be a 500 MB image.
MAX_RENDER_DPI = 300
POINTS_PER_INCH = 72.0

ZOOM_CHOICES: tuple[tuple[str, float], ...] = (
    ("Fit width", 0.0),
    ("Whole page", -1.0),
    ("50%", 0.5),
    ("75%", 0.75),
    ("100%", 1.0),
    ("125%", 1.25),
    ("150%", 1.5),
    ("200%", 2.0),
)


class PrintError(DomainError):
    """The printer could not take the job (switched off, out of reach, or cancelled)."""


# --- loading and printing -------------------------------------------------------------------


class LoadedPdf:
    """A QPdfDocument read from bytes, with the QBuffer it reads from kept alive (both
    belong to `owner` when one is given, and go with it)."""

    def __init__(self, pdf: bytes, owner: QObject | None = None) -> None:
        self.buffer = QBuffer(owner)
        self.buffer.setData(QByteArray(pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(owner) if owner is not None else QPdfDocument()
        self.document.load(self.buffer)
        if self.document.status() is not QPdfDocument.Status.Ready:
            error = self.document.error()
            self.close()
            raise ValueError(f"not a readable PDF ({error.name})")

    def page_count(self) -> int:
        return self.document.pageCount()

    def close(self) -> None:
        self.document.close()
        self.buffer.close()


def set_paper_for(printer: QPrinter, pdf: bytes) -> None:
    """Make the printer's paper match the PDF's first page (a Letter script on Letter)."""
    loaded = LoadedPdf(pdf)
    try:
        if loaded.page_count():
            size = loaded.document.pagePointSize(0)
            page_size = QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
            printer.setPageSize(page_size)
    finally:
        loaded.close()


def fitted(page: QSizeF, paper: QRectF) -> QRectF:
    """The largest rectangle with the page's proportions, centred on the paper."""
    if page.isEmpty() or paper.isEmpty():
        return QRectF(paper)
    scale = min(paper.width() / page.width(), paper.height() / page.height())
    size = QSizeF(page.width() * scale, page.height() * scale)
    corner = QPointF(
        paper.x() + (paper.width() - size.width()) / 2, paper.y() + (paper.height() - size.height()) / 2
    )
    return QRectF(corner, size)


class PrintRun:
    """One print job: documents are added one after another, `finish()` sends it.

    The painter starts with the first page, so a run that ends up with nothing to print
    sends nothing to the printer. `add` returns only once every page of the document is
    painted, and raises `PrintError` when the printer refuses (it cannot start, or stops
    taking pages): a service records a document only after `add` returned.
    """

    def __init__(self, printer: QPrinter) -> None:
        self._printer = printer
        self._painter: QPainter | None = None
        self.pages = 0

    def add(self, pdf: bytes) -> int:
        """Print every page of `pdf`; returns how many pages it had."""
        loaded = LoadedPdf(pdf)
        try:
            for page in range(loaded.page_count()):
                self._draw(loaded.document, page)
            return loaded.page_count()
        finally:
            loaded.close()

    def finish(self) -> None:
        """Send the job; `PrintError` if the printer would not take it."""
        painter, self._painter = self._painter, None
        if painter is not None and not painter.end():
            raise PrintError("The printer did not take the job. Check the printer and try again.")

    def abort(self) -> None:
        """Drop a job that failed halfway, so none of it is sent."""
        painter, self._painter = self._painter, None
        if painter is not None:
            self._printer.abort()
            if painter.isActive():
                painter.end()

    def _start_page(self) -> QPainter:
        if self._painter is None:
            self._printer.setFullPage(True)  # coordinates from the paper's corner, as in the PDF
            painter = QPainter()
            if not painter.begin(self._printer):
                raise PrintError("The printer could not be started. Check that it is on and try again.")
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self._painter = painter
        elif not self._printer.newPage():
            raise PrintError("The printer stopped taking pages. Check the printer and try again.")
        return self._painter

    def _draw(self, document: QPdfDocument, page: int) -> None:
        painter = self._start_page()
        resolution = self._printer.resolution()
        paper = QRectF(self._printer.pageLayout().fullRectPixels(resolution))
        target = fitted(document.pagePointSize(page), paper)
        dpi = min(resolution, MAX_RENDER_DPI)
        image_size = (target.size() * (dpi / resolution)).toSize()
        image = document.render(page, image_size)
        painter.fillRect(target, QColor(Qt.GlobalColor.white))  # the rendering is transparent
        painter.drawImage(target, image, QRectF(image.rect()))
        self.pages += 1


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print `pdf` on `printer` as one job; returns the number of pages printed once the job
    is sent. A failure part-way drops the whole job and raises (`PrintError`)."""
    run = PrintRun(printer)
    try:
        run.add(pdf)
    except BaseException:
        run.abort()
        raise
    run.finish()
    return run.pages


def render_page(pdf: bytes, page: int, width_px: int) -> QImage:
    """One page as an opaque image `width_px` wide, painted on white (for thumbnails, tests)."""
    loaded = LoadedPdf(pdf)
    try:
        size = loaded.document.pagePointSize(page)
        height = round(width_px * size.height() / size.width())
        rendered = loaded.document.render(page, QSizeF(width_px, height).toSize())
    finally:
        loaded.close()
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


# --- the questions (tests replace these on the dialog or the view) ------------------------


def ask_printer(printer: QPrinter, parent: QWidget | None) -> bool:
    """Let the user choose the printer and its settings; False when cancelled."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_save_path(parent: QWidget | None, suggested: str) -> str | None:
    """Ask where to save a PDF; None when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, "Save PDF", suggested, "PDF documents (*.pdf)")
    return path or None


PrinterQuestion = Callable[[QPrinter, QWidget | None], bool]
SavePathQuestion = Callable[[QWidget | None, str], str | None]
Issue = Callable[[Deliver], object]  # calls the service with the delivery; returns what it recorded


# --- the dialog -------------------------------------------------------------------------------


class PdfPreviewDialog(QDialog):
    """The PDF as it will print, with page navigation, zoom, Print…, Save PDF… and Close.

    With `issue`, Print… and Save PDF… issue the real document through the service (see the
    module's docstring) instead of printing the bytes shown."""

    issued = Signal(object, str)  # what the service recorded, and where it went ("saved to …")
    refused = Signal(object)  # the DomainError when nothing was issued

    def __init__(
        self,
        pdf: bytes,
        title: str,
        parent: QWidget | None = None,
        *,
        file_name: str = "",
        issue: Issue | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.issue = issue
        self.busy = False  # the service is issuing the document on a worker thread
        self.choose_printer: PrinterQuestion = ask_printer
        self.choose_save_path: SavePathQuestion = ask_save_path
        self._file_name = file_name or _safe_file_name(title)
        self.setWindowTitle(title)
        self.setSizeGripEnabled(True)
        self.resize(900, 700)
        self._loaded = LoadedPdf(pdf, self)  # lives as long as the dialog
        self.document = self._loaded.document
        self.view = QPdfView(self)
        self.view.setAccessibleName("Document preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.status = QLabel()
        self.status.setAccessibleName("Print status")
        set_role(self.status, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._build_buttons())
        self._page_changed(0)

    def _build_toolbar(self) -> QHBoxLayout:
        self.previous_button = _button("◀ Previous", "Previous page", self.previous_page)
        self.next_button = _button("Next ▶", "Next page", self.next_page)
        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page number")
        self.page_label.setMinimumWidth(90)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Zoom")
        for text, factor in ZOOM_CHOICES:
            self.zoom.addItem(text, factor)
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        zoom_label = QLabel("&Zoom")
        zoom_label.setBuddy(self.zoom)
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(zoom_label)
        bar.addWidget(self.zoom)
        return bar

    def _build_buttons(self) -> QHBoxLayout:
        self.print_button = _button("Print…", "Print", self.print_document)
        self.print_button.setDefault(True)
        self.save_button = _button("Save PDF…", "Save PDF", self.save_document)
        box = QDialogButtonBox()
        box.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = box.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        self.close_button.setAutoDefault(False)
        box.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(box)
        return row

    # --- pages and zoom ---------------------------------------------------------------------

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._page_changed(page)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def _page_changed(self, page: int) -> None:
        count = self.page_count()
        self.page_label.setText(f"Page {page + 1} of {count}")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)

    def _zoom_changed(self, _index: int) -> None:
        factor = float(self.zoom.currentData())
        if factor == 0.0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif factor < 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(factor)

    # --- print and save -------------------------------------------------------------------

    def print_document(self) -> bool:
        """Ask for the printer, then print every page; True when it was printed (with `issue`:
        when issuing started; `issued` or `refused` follows)."""
        if self.busy:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        set_paper_for(printer, self.pdf)
        printer.setDocName(self.windowTitle())
        if not self.choose_printer(printer, self):
            return False
        if self.issue is not None:
            sent: list[int] = []
            where = _printer_name(printer)
            self._issue_with(
                lambda pdf: sent.append(print_pdf(pdf, printer)),
                f"Printing on {where}…",
                lambda: f"sent {_pages(sum(sent))} to {where}",
            )
            return True
        try:
            pages = print_pdf(self.pdf, printer)
        except PrintError as error:
            prompts.warn(self, "print-failed", "Print", error.message)
            return False
        self.status.setText(f"Sent {_pages(pages)} to {_printer_name(printer)}.")
        return True

    def save_document(self) -> Path | None:
        """Ask where, then write the PDF bytes exactly as they are (the archived document), whole
        or not at all. With `issue`: the service's document, recorded once it is written."""
        if self.busy:
            return None
        chosen = self.choose_save_path(self, self._file_name)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if self.issue is not None:
            self._issue_with(PdfFile(path), f"Saving to {path}…", lambda: f"saved to {path}")
            return path
        try:
            write_atomically(path, self.pdf)
        except DeliveryError as error:
            prompts.warn(self, "save-pdf-failed", "Save PDF", error.message)
            return None
        self.status.setText(f"Saved to {path}.")
        return path

    # --- issuing through the service ---------------------------------------------------------

    def _issue_with(self, deliver: Deliver, doing: str, done: Callable[[], str]) -> None:
        """Run the service's `issue` with `deliver` on a worker; the outcome comes back here."""
        issue = self.issue
        assert issue is not None
        self._set_busy(True, doing)
        run_in_background(
            lambda: _issue(issue, deliver),
            on_result=lambda result: self._issued(result, done()),
            on_error=self._not_issued,
            owner=self,
        )

    def _set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        for button in (self.print_button, self.save_button, self.close_button):
            button.setEnabled(not busy)
        self.status.setText(text)

    def _issued(self, result: object, where: str) -> None:
        self._set_busy(False, where[:1].upper() + where[1:] + ".")
        self.issued.emit(result, where)
        self.accept()

    def _not_issued(self, error: BaseException) -> None:
        self._set_busy(False, "")
        if not isinstance(error, DomainError):
            report_unhandled(error)
            return
        self.status.setText(f"Not printed: {error.message}")
        self.refused.emit(error)
        if isinstance(error, PrintError):
            prompts.warn(self, "print-failed", "Print", f"{error.message} Nothing was printed or recorded.")
        elif isinstance(error, DeliveryError):
            prompts.warn(self, "save-pdf-failed", "Save PDF", f"{error.message} Nothing was recorded.")
        else:
            self.reject()  # refused by the service: the owner says why

    def reject(self) -> None:
        if self.busy:
            return  # the service is issuing the document: let it finish
        super().reject()


def _issue(issue: Issue, deliver: Deliver) -> object:
    """On the worker: the service call; a file written but not recorded is removed again."""
    try:
        return issue(deliver)
    except BaseException:
        if isinstance(deliver, PdfFile):
            deliver.discard()
        raise


def _pages(count: int) -> str:
    return f"{count} {'page' if count == 1 else 'pages'}"


def _button(text: str, accessible_name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _printer_name(printer: QPrinter) -> str:
    if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:
        return Path(printer.outputFileName()).name or "a PDF file"
    return printer.printerName() or "the printer"


def _safe_file_name(title: str) -> str:
    kept = "".join(ch if ch.isalnum() or ch in " -_." else " " for ch in title)
    return "-".join(kept.split())[:80] + ".pdf" if kept.strip() else "document.pdf"
