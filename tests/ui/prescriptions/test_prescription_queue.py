"""The Prescriptions page: the approval queue, the print queue and batch printing."""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ldnclinic.db.models.patients import Patient
from ldnclinic.domain.enums import AuditAction
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import MedicationInput, PatientInput
from ldnclinic.services.prescriptions.dto import PrintedPrescription
from ldnclinic.ui.prescriptions.batch_print import BatchResultDialog
from ldnclinic.ui.prescriptions.queue_model import QueueColumn
from ldnclinic.ui.prescriptions.queue_view import PrescriptionQueueView
from ldnclinic.ui.shell.main_window import MainWindow
from ldnclinic.ui.widgets import theme
from ldnclinic.ui.widgets.pdf_preview import PrinterQuestion
from tests.conftest import signed_in
from tests.services.rx_support import add_patient, add_pharmacy, approved_rx, first_prescriber, rx_input
from tests.support.qt import screenshot
from tests.ui.shell_support import Ui, ui_session, unnamed_inputs


@pytest.fixture
def ui(qtbot: QtBot, services: Services) -> Iterator[Ui]:
    with ui_session(qtbot) as session:
        yield session


@pytest.fixture
def styled(ui: Ui) -> Iterator[None]:
    """The app's own style sheet, for screenshots that look like the running app."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    try:
        yield
    finally:
        ui.close_all()
        theme.remove(app)


@dataclass(frozen=True, slots=True)
class Scripts:
    draft_pena: int  # written by staff, no hard stop
    draft_smith: int  # written by staff; Ana Smith takes tramadol: a hard stop
    ready_pena: int
    ready_nguyen: int
    ready_no_address: int  # Lee Park's, approved; `lose_address` then makes Texas refuse it at print


@pytest.fixture
def scripts(initialized: Services, staff: Actor, prescriber: Actor) -> Scripts:
    s = initialized
    pharmacy = add_pharmacy(s, staff)
    pena = add_patient(s, staff, preferred_pharmacy_id=pharmacy)
    smith = add_patient(
        s,
        staff,
        preferred_pharmacy_id=pharmacy,
        first_name="Ana",
        middle_name="",
        last_name="Smith",
        medications=(MedicationInput("Tramadol", "50 mg", True),),
    )
    nguyen = add_patient(
        s, staff, preferred_pharmacy_id=pharmacy, first_name="Hằng", middle_name="Thị", last_name="Nguyễn"
    )
    park = add_patient(
        s, staff, preferred_pharmacy_id=pharmacy, first_name="Lee", middle_name="", last_name="Park"
    )
    draft_pena = s.prescriptions.create_draft(staff, rx_input(s, pena)).id
    draft_smith = s.prescriptions.create_draft(staff, rx_input(s, smith)).id
    ready_pena = approved_rx(s, prescriber, pena, formula="CAP-4.5", steps="4.5").id
    ready_nguyen = approved_rx(s, prescriber, nguyen).id
    ready_park = approved_rx(s, prescriber, park).id
    return Scripts(draft_pena, draft_smith, ready_pena, ready_nguyen, ready_park)


def lose_address(services: Services, rx_id: int) -> None:
    """The patient's street address and phone are taken off the chart after approval (approval
    refuses a script without them): the printer then refuses the script."""
    patient_id = services.prescriptions.get(first_prescriber(services), rx_id).patient_id
    with services.db.transaction() as session:
        patient = session.get_one(Patient, patient_id)
        patient.street = ""
        patient.phones.clear()


def queue(qtbot: QtBot, ui: Ui, services: Services, actor: Actor, **kwargs: object) -> PrescriptionQueueView:
    view = ui.show(PrescriptionQueueView(services, actor, **kwargs))  # type: ignore[arg-type]
    view.resize(1100, 620)
    qtbot.waitUntil(lambda: view.loaded)
    ui.settle()
    return view


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def to_pdf_file(path: Path) -> PrinterQuestion:
    """Answers the printer dialog: 'print' into a PDF file."""

    def answer(printer: QPrinter, _parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return answer


def pdf_pages(path: Path) -> int:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^Pages:\s*(\d+)$", output, flags=re.MULTILINE)
    assert found is not None
    return int(found.group(1))


def wait_for_result(qtbot: QtBot, view: PrescriptionQueueView) -> BatchResultDialog:
    qtbot.waitUntil(lambda: view.result_dialog is not None and view.result_dialog.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: view.progress is None)
    assert view.result_dialog is not None
    return view.result_dialog


def column_texts(view: PrescriptionQueueView, column: QueueColumn, *, printing: bool = False) -> list[str]:
    model = view.print_model if printing else view.approval_model
    section = model.column_of(column)
    return [model.index(row, section).data() for row in range(model.rowCount())]


# --- the lists ------------------------------------------------------------------------------


def test_both_queues_with_their_counts(
    qtbot: QtBot,
    ui: Ui,
    initialized: Services,
    prescriber: Actor,
    scripts: Scripts,
    qtmodeltester: ModelTester,
) -> None:
    view = queue(qtbot, ui, initialized, prescriber)
    qtmodeltester.check(view.approval_model)
    qtmodeltester.check(view.print_model)
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
        "Awaiting approval (2)",
        "Ready to print (3)",
    ]
    model = view.approval_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Patient", "MRN", "Medication", "Plan", "Target dose", "Created", "Hard stops"]
    assert column_texts(view, QueueColumn.PATIENT) == ["Peña, José Luis", "Smith, Ana"]
    assert column_texts(view, QueueColumn.HARD_STOPS) == ["", "1 hard stop"]
    assert column_texts(view, QueueColumn.CREATED) == ["11/21/2026 09:00"] * 2  # in the clinic's zone
    stop = model.index(1, model.column_of(QueueColumn.HARD_STOPS))
    background = stop.data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color().red() > 150
    assert "override reason" in stop.data(Qt.ItemDataRole.ToolTipRole)
    assert column_texts(view, QueueColumn.TARGET) == ["4.5 mg", "4.5 mg"]
    assert column_texts(view, QueueColumn.PATIENT, printing=True) == [
        "Peña, José Luis",
        "Nguyễn, Hằng Thị",
        "Park, Lee",
    ]
    assert column_texts(view, QueueColumn.PRESCRIBER, printing=True) == ["Elena García, MD"] * 3
    assert unnamed_inputs(view) == []


def test_staff_see_every_draft_and_an_empty_queue_says_so(
    qtbot: QtBot, ui: Ui, initialized: Services, staff: Actor
) -> None:
    view = queue(qtbot, ui, initialized, staff)
    assert view.tabs.tabText(0) == "Awaiting approval (0)"
    assert view.approval_stack.currentIndex() == 1  # "Nothing is waiting for approval."
    assert view.print_stack.currentIndex() == 1
    assert not view.print_all_button.isEnabled() and not view.print_selected_button.isEnabled()


def test_open_emits_the_request_and_calls_the_handler(
    qtbot: QtBot, ui: Ui, initialized: Services, prescriber: Actor, scripts: Scripts
) -> None:
    opened: list[tuple[int, int]] = []
    view = queue(
        qtbot, ui, initialized, prescriber, open_chart=lambda rx, patient: opened.append((rx, patient))
    )
    assert not view.open_button.isEnabled()
    view.approval_table.selectRow(1)
    smith = view.approval_model.rows()[1]
    with qtbot.waitSignal(view.open_prescription_requested) as signal:
        click(qtbot, view.open_button)
    assert signal.args == [scripts.draft_smith, smith.patient_id]
    assert opened == [(scripts.draft_smith, smith.patient_id)]
    view.approval_table.doubleClicked.emit(view.approval_model.index(0, 2))
    assert opened[-1] == (scripts.draft_pena, view.approval_model.rows()[0].patient_id)


def test_by_default_open_shows_the_chart_at_the_script(
    qtbot: QtBot, ui: Ui, initialized: Services, prescriber: Actor, scripts: Scripts
) -> None:
    from ldnclinic.ui.patients.chart_window import ChartWindow

    view = queue(qtbot, ui, initialized, prescriber)
    view.approval_table.selectRow(0)
    click(qtbot, view.open_button)
    chart = ui.visible(ChartWindow)
    ui.settle()
    assert chart.tabs.tabText(chart.tabs.currentIndex()) == "Prescriptions"


# --- batch printing -------------------------------------------------------------------------


@pytest.mark.usefixtures("styled")
def test_print_selected_prints_the_good_ones_and_lists_the_refused(
    qtbot: QtBot,
    ui: Ui,
    initialized: Services,
    staff: Actor,
    prescriber: Actor,
    scripts: Scripts,
    tmp_path: Path,
) -> None:
    view = queue(qtbot, ui, initialized, staff)
    lose_address(initialized, scripts.ready_no_address)  # after the list was fetched
    view.tabs.setCurrentIndex(1)
    model = view.print_model
    model.setData(
        model.index(model.row_of(scripts.ready_nguyen), 0),
        Qt.CheckState.Checked,
        Qt.ItemDataRole.CheckStateRole,
    )
    model.set_checked(scripts.ready_no_address, True)
    assert view.print_selected_button.text() == "Print selected (2)…"
    assert view.print_all_button.text() == "Print all approved (3)…"
    out = tmp_path / "batch.pdf"
    view.choose_printer = to_pdf_file(out)
    click(qtbot, view.print_selected_button)
    result = wait_for_result(qtbot, view)
    assert result.summary.text() == "Printed 1 of 2 prescriptions (1 page) on batch.pdf."
    [(patient, reason)] = result.not_printed()
    assert patient == "Park, Lee"
    assert reason.startswith("Cannot print: the prescription is missing the patient's street address")
    assert pdf_pages(out) == 1
    assert initialized.prescriptions.get(prescriber, scripts.ready_nguyen).status is RxStatus.PRINTED
    assert initialized.prescriptions.get(prescriber, scripts.ready_no_address).status is RxStatus.APPROVED
    qtbot.waitUntil(lambda: view.tabs.tabText(1) == "Ready to print (1)")  # fetched again
    assert model.checked() == []  # Park's script moved down: it cannot print now
    assert [rx.id for rx in view.blocked_model.rows()] == [scripts.ready_no_address]
    assert view.status.text() == "Printed 1 of 2 prescriptions (1 page) on batch.pdf."
    screenshot(result, "rx-batch-result")


def test_print_all_and_a_script_whose_chart_changed_goes_back_for_approval(
    qtbot: QtBot,
    ui: Ui,
    initialized: Services,
    prescriber: Actor,
    scripts: Scripts,
    tmp_path: Path,
) -> None:
    view = queue(qtbot, ui, initialized, prescriber)
    lose_address(initialized, scripts.ready_no_address)
    # Since approval, Mr Peña was found to take tramadol: his script must not print.
    pena = initialized.prescriptions.get(prescriber, scripts.ready_pena).patient_id
    chart = initialized.patients.get(prescriber, pena)
    changed = initialized.patients.update(
        prescriber, pena, _with_tramadol(initialized, prescriber, pena), chart.version
    )
    assert changed.version > chart.version
    out = tmp_path / "all.pdf"
    view.choose_printer = to_pdf_file(out)
    view.tabs.setCurrentIndex(1)
    click(qtbot, view.print_all_button)
    result = wait_for_result(qtbot, view)
    assert result.summary.text() == "Printed 1 of 3 prescriptions (1 page) on all.pdf."
    reasons = dict(result.not_printed())
    assert reasons["Peña, José Luis"].startswith("Not printed: the chart has something new since approval")
    assert "missing the patient's street address" in reasons["Park, Lee"]
    assert pdf_pages(out) == 1
    qtbot.waitUntil(lambda: view.tabs.tabText(0) == "Awaiting approval (3)")
    assert view.tabs.tabText(1) == "Ready to print (0)"
    assert view.blocked_heading.text() == "Cannot print yet (1)"  # Park's, with the reason


def _with_tramadol(services: Services, actor: Actor, patient_id: int) -> PatientInput:
    from tests.services.rx_support import clean_patient

    detail = services.patients.get(actor, patient_id)
    return clean_patient(
        detail.pharmacy.id if detail.pharmacy else None,
        medications=(MedicationInput("Tramadol", "50 mg", True),),
    )


@pytest.mark.usefixtures("styled")
def test_stop_keeps_what_was_printed(
    qtbot: QtBot,
    ui: Ui,
    initialized: Services,
    prescriber: Actor,
    scripts: Scripts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_print = initialized.prescriptions.print
    started, release = threading.Event(), threading.Event()

    def slow_print(actor: Actor, rx_id: int, **options: Any) -> PrintedPrescription:
        started.set()
        release.wait(10)
        return real_print(actor, rx_id, **options)

    monkeypatch.setattr(initialized.prescriptions, "print", slow_print)
    view = queue(qtbot, ui, initialized, prescriber)
    view.tabs.setCurrentIndex(1)
    out = tmp_path / "stopped.pdf"
    view.choose_printer = to_pdf_file(out)
    click(qtbot, view.print_all_button)
    qtbot.waitUntil(started.is_set)
    progress = view.progress
    assert progress is not None
    qtbot.waitUntil(lambda: progress.labelText() == "Printing 1 of 3: Peña, José Luis")
    assert not view.print_all_button.isEnabled()  # one batch at a time
    screenshot(progress, "rx-batch-progress")
    stop_button = next(b for b in progress.findChildren(QPushButton) if b.text() == "Stop")
    qtbot.mouseClick(stop_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "Stopping after the prescription being printed now…"
    release.set()
    result = wait_for_result(qtbot, view)
    assert result.summary.text() == "Printed 1 of 3 prescriptions (1 page) on stopped.pdf."
    assert [name for name, _reason in result.not_printed()] == ["Nguyễn, Hằng Thị", "Park, Lee"]
    assert "stopped before these" in result.problems.text()
    assert initialized.prescriptions.get(prescriber, scripts.ready_pena).status is RxStatus.PRINTED
    assert pdf_pages(out) == 1


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # the printer that fails, on purpose
def test_a_printer_failure_stops_the_batch_and_the_script_stays_ready(
    qtbot: QtBot,
    ui: Ui,
    initialized: Services,
    prescriber: Actor,
    admin: Actor,
    scripts: Scripts,
    tmp_path: Path,
) -> None:
    view = queue(qtbot, ui, initialized, prescriber)
    view.choose_printer = to_pdf_file(tmp_path / "no-such-folder" / "batch.pdf")  # it cannot start
    view.tabs.setCurrentIndex(1)
    click(qtbot, view.print_all_button)
    result = wait_for_result(qtbot, view)
    assert result.summary.text() == "Nothing was printed (3 prescriptions chosen)."
    [(first, reason), *not_reached] = result.not_printed()
    assert first == "Peña, José Luis"
    assert reason == (
        "The printer could not be started. Check that it is on and try again. "
        "It was not printed and is still ready to print."
    )
    assert [name for name, _why in not_reached] == ["Nguyễn, Hằng Thị", "Park, Lee"]
    pena = initialized.prescriptions.get(prescriber, scripts.ready_pena)
    assert (pena.status, pena.serial, pena.prints) == (RxStatus.APPROVED, None, ())
    assert initialized.audit.recent(admin, action=AuditAction.RX_PRINTED) == []
    assert view.tabs.tabText(1) == "Ready to print (3)"


def test_cancelling_the_printer_dialog_prints_nothing(
    qtbot: QtBot, ui: Ui, initialized: Services, prescriber: Actor, scripts: Scripts
) -> None:
    view = queue(qtbot, ui, initialized, prescriber)
    view.choose_printer = lambda _printer, _parent: False
    view.tabs.setCurrentIndex(1)
    click(qtbot, view.print_all_button)
    assert view.progress is None and view.result_dialog is None
    assert initialized.prescriptions.get(prescriber, scripts.ready_pena).status is RxStatus.APPROVED


# --- in the main window ---------------------------------------------------------------------


@pytest.mark.usefixtures("styled")
def test_the_page_is_for_those_who_prepare_prescriptions(
    qtbot: QtBot, ui: Ui, initialized: Services, prescriber: Actor, scripts: Scripts
) -> None:
    window = ui.show(MainWindow(initialized, prescriber))
    window.resize(1366, 768)
    page = window.show_page("prescriptions")
    assert isinstance(page, PrescriptionQueueView)
    qtbot.waitUntil(lambda: page.loaded)
    ui.settle()
    page.approval_table.selectRow(1)
    screenshot(window, "rx-queue-page")
    page.tabs.setCurrentIndex(1)
    page.print_model.set_checked(scripts.ready_pena, True)
    page.print_model.set_checked(scripts.ready_nguyen, True)
    QApplication.processEvents()  # the buttons' new texts are laid out
    screenshot(window, "rx-queue-print-tab")
    admin = signed_in(initialized, "admin")
    admin_window = ui.show(MainWindow(initialized, admin))
    assert "prescriptions" not in admin_window.pages
