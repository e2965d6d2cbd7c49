"""The chart's "Visits & follow-ups" tab: how the patient is doing, and what is next.

On top, the outcome chart (each measure against the daily dose over time). Below, side by
side: the visit notes, newest first (New visit…, Open…, Summary PDF…), and the patient's
follow-ups (Add follow-up… and the worklist's own actions, enabled by the selected item's
status). Everything is fetched on a worker thread and fetched again after any change, so
what is shown is what the database holds. Buttons a role may never use are not shown.

The shell registers the tab (`ldnclinic.ui.shell.wiring`). The follow-ups half is
`followup_panel.FollowupPanel`, whose actions and dialogs belong to `ldnclinic.ui.followups`
(shared with the Today worklist) and are reached through `ldnclinic.ui.widgets.openers`.
The tab fetches only while it is on screen: a chart opened on another tab fetches when this
one is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QSplitter, QTableView, QVBoxLayout, QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.permissions import Permission
from ldnclinic.domain.visits.note import VisitStatus
from ldnclinic.domain.visits.outcomes import OutcomeSeries
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.followups.dto import FollowupItem
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.visits.dto import VisitSummary
from ldnclinic.ui.visits.followup_panel import FollowupPanel
from ldnclinic.ui.visits.outcome_chart import HINT, OutcomeChartView
from ldnclinic.ui.visits.summary_pdf import show_summary_pdf, summary_title
from ldnclinic.ui.visits.tab_layout import header_row, push_button, select_row
from ldnclinic.ui.visits.visit_dialog import VisitDialog
from ldnclinic.ui.visits.visit_models import VisitColumn, VisitListModel
from ldnclinic.ui.widgets.chart_tabs import ChartTabContext
from ldnclinic.ui.widgets.pdf_preview import PdfPreviewDialog
from ldnclinic.ui.widgets.sections import muted
from ldnclinic.ui.widgets.table_model import set_up_list_table, size_columns
from ldnclinic.ui.widgets.tones import Banner, Tone
from ldnclinic.ui.widgets.workers import report_unhandled, run_in_background

NO_VISITS = "No visits yet."


@dataclass(frozen=True, slots=True)
class TabData:
    """What the tab shows, fetched in one go on a worker thread."""

    visits: list[VisitSummary]
    followups: list[FollowupItem]
    outcomes: OutcomeSeries
    today: date


def load_tab_data(services: Services, actor: Actor, patient_id: int) -> TabData:
    return TabData(
        visits=services.visits.for_patient(actor, patient_id),
        followups=services.followups.for_patient(actor, patient_id),
        outcomes=services.visits.outcomes(actor, patient_id),
        today=services.patients.today(),
    )


class VisitsTab(QWidget):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        patient_id: int,
        parent: QWidget | None = None,
        *,
        reload_chart: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visitsTab")
        self._services = services
        self._actor = actor
        self.patient_id = patient_id
        self.patient: PatientDetail | None = None
        self._reload_chart = reload_chart
        self._ticket = 0
        self.loading = False
        self.loaded = False
        self.pdf_pending = False
        self._stale = False  # the patient changed while the tab was hidden
        self.today: date | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (tests look at it)
        self.pdf_dialog: PdfPreviewDialog | None = None
        self._wanted: tuple[int | None, int | None] = (None, None)
        self.visits_model = VisitListModel(self)
        self._build()
        self._update_buttons()

    @classmethod
    def from_context(cls, context: ChartTabContext) -> VisitsTab:
        return cls(context.services, context.actor, context.patient_id, reload_chart=context.reload)

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = Banner(Tone.INFO, self)
        self.banner.setObjectName("visitsBanner")
        self.chart = OutcomeChartView(self)
        chart_panel = QWidget(self)
        chart_layout = QVBoxLayout(chart_panel)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.setSpacing(2)
        chart_layout.addLayout(header_row("Outcomes and dose", muted(HINT, chart_panel)))
        chart_layout.addWidget(self.chart, 1)
        lists = QSplitter(Qt.Orientation.Horizontal, self)
        lists.setChildrenCollapsible(False)
        lists.addWidget(self._build_visits())
        lists.addWidget(self._build_followups())
        lists.setSizes([620, 600])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(chart_panel)
        self.splitter.addWidget(lists)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

    def _build_visits(self) -> QWidget:
        panel = QWidget(self)
        self.visits_count = muted("", panel)
        self.new_visit_button = push_button("New visit…", "Write a new visit note", panel)
        self.new_visit_button.clicked.connect(lambda _checked=False: self.new_visit())
        self.new_visit_button.setVisible(self._actor.can(Permission.VISIT_WRITE))
        self.visits_table = QTableView(panel)
        set_up_list_table(self.visits_table, self.visits_model, "Visits, newest first")
        size_columns(
            self.visits_table,
            {
                VisitColumn.DATE: "00/00/0000 00:00",
                VisitColumn.MODALITY: "Audio only",
                VisitColumn.STATUS: "Signed",
                VisitColumn.DECISION: "Decrease",
                VisitColumn.DOSE: "4.5 mg",
                VisitColumn.ADDENDA: "Addenda",
            },
            stretch=VisitColumn.PGIC,
        )
        self.visits_table.selectionModel().selectionChanged.connect(lambda _n, _o: self._update_buttons())
        self.visits_table.doubleClicked.connect(self._visit_double_clicked)
        self.open_button = push_button("Open…", "Open the selected visit note", panel)
        self.open_button.clicked.connect(lambda _checked=False: self.open_visit())
        self.pdf_button = push_button("Summary PDF…", "The selected visit's summary, to print or save", panel)
        self.pdf_button.clicked.connect(lambda _checked=False: self.show_summary())
        self.patient_copy = QCheckBox("Patient copy", panel)
        self.patient_copy.setAccessibleName("Patient copy")
        self.patient_copy.setToolTip("Summary PDF… makes the copy written for the patient")
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for widget in (self.open_button, self.pdf_button, self.patient_copy):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 6, 6, 0)
        layout.setSpacing(6)
        layout.addLayout(header_row("Visits", self.visits_count, self.new_visit_button))
        layout.addWidget(self.visits_table, 1)
        layout.addLayout(buttons)
        return panel

    def _build_followups(self) -> QWidget:
        panel = FollowupPanel(
            self._services,
            self._actor,
            self.patient_id,
            self,
            patient_label=lambda: self.patient.display_name if self.patient is not None else "",
        )
        panel.selection_changed.connect(self._update_buttons)
        panel.acting.connect(self.banner.clear_message)
        panel.changed.connect(lambda followup_id: self.refresh(followup_id=followup_id))
        panel.dialog_opened.connect(self._track)
        self.followup_panel = panel
        self.followups_model = panel.model
        self.followups_table = panel.table
        self.followups_count = panel.count
        self.add_followup_button = panel.add_button
        self.followup_buttons = panel.buttons
        return panel

    # --- data -----------------------------------------------------------------------------

    def show_detail(self, detail: PatientDetail) -> None:
        """The chart was (re)loaded: keep the patient and fetch the tab's lists again, now if
        the tab is on screen, else when it is first shown (a chart opened on another tab
        never fetches, or audits, what it does not show)."""
        self.patient = detail
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self, *, visit_id: int | None = None, followup_id: int | None = None) -> None:
        """Fetch everything again on a worker; then select `visit_id` / `followup_id` (else the
        same rows as before)."""
        current_visit, current_followup = self.selected_visit(), self.selected_followup()
        self._wanted = (
            visit_id if visit_id is not None else (current_visit.id if current_visit else None),
            followup_id if followup_id is not None else (current_followup.id if current_followup else None),
        )
        self._ticket += 1
        ticket = self._ticket
        self._stale = False
        self.loading = True
        services, actor, patient_id = self._services, self._actor, self.patient_id
        run_in_background(
            lambda: load_tab_data(services, actor, patient_id),
            on_result=lambda data: self._loaded(ticket, data),
            on_error=lambda error: self._load_failed(ticket, error),
            owner=self,
        )

    def _loaded(self, ticket: int, data: TabData) -> None:
        if ticket != self._ticket:
            return  # a newer fetch is on its way
        self.loading = False
        self.loaded = True
        self.today = data.today
        self.chart.show_series(data.outcomes, data.today)
        self.visits_model.set_rows(data.visits)
        self.followups_model.set_rows(data.followups)
        visit_id, followup_id = self._wanted
        select_row(self.visits_table, self.visits_model.row_of(visit_id) if visit_id is not None else 0)
        select_row(
            self.followups_table, self.followups_model.row_of(followup_id) if followup_id is not None else 0
        )
        self._update_buttons()

    def _load_failed(self, ticket: int, error: BaseException) -> None:
        if ticket != self._ticket:
            return
        self.loading = False
        if isinstance(error, DomainError):
            self.banner.show_message(error.message, Tone.DANGER)
        else:
            report_unhandled(error)

    def selected_visit(self) -> VisitSummary | None:
        rows = self.visits_table.selectionModel().selectedRows()
        return self.visits_model.row_at(rows[0].row()) if rows else None

    def selected_followup(self) -> FollowupItem | None:
        return self.followup_panel.selected()

    def select_visit(self, visit_id: int) -> None:
        select_row(self.visits_table, self.visits_model.row_of(visit_id))

    def select_followup(self, followup_id: int) -> None:
        self.followup_panel.select(followup_id)

    # --- state ----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        visit = self.selected_visit()
        self.open_button.setEnabled(visit is not None)
        self.pdf_button.setEnabled(visit is not None and not self.pdf_pending)
        self.patient_copy.setEnabled(visit is not None)
        self.open_button.setText(
            "Edit…" if visit is not None and visit.status is VisitStatus.DRAFT else "Open…"
        )
        visits = self.visits_model.rowCount()
        self.visits_count.setText(
            f"{visits} visit{'s' if visits != 1 else ''}, newest first" if visits else NO_VISITS
        )
        self.followup_panel.update_state()

    # --- visits ---------------------------------------------------------------------------

    def new_visit(self, followup_id: int | None = None) -> VisitDialog | None:
        if not self._actor.can(Permission.VISIT_WRITE):
            return None
        return self._open_visit_dialog(None, followup_id)

    def open_visit(self, visit_id: int | None = None) -> VisitDialog | None:
        chosen = visit_id
        if chosen is None:
            visit = self.selected_visit()
            chosen = visit.id if visit is not None else None
        if chosen is None:
            return None
        return self._open_visit_dialog(chosen, None)

    def _open_visit_dialog(self, visit_id: int | None, followup_id: int | None) -> VisitDialog | None:
        self.banner.clear_message()
        try:
            dialog = VisitDialog(
                self._services,
                self._actor,
                self.patient_id,
                visit_id=visit_id,
                followup_id=followup_id,
                parent=self,
            )
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda detail: self.refresh(visit_id=detail.id))
        dialog.prescription_drafted.connect(lambda _rx: self._prescriptions_changed())
        self._track(dialog)
        dialog.open()
        return dialog

    def _visit_double_clicked(self, index: QModelIndex) -> None:
        visit = self.visits_model.row_at(index.row())
        if visit is not None:
            self.open_visit(visit.id)

    def _prescriptions_changed(self) -> None:
        """A visit drafted a prescription: the whole chart (its Prescriptions tab too) reloads."""
        if self._reload_chart is not None:
            self._reload_chart()
        else:
            self.refresh()

    def show_summary(self) -> bool:
        visit = self.selected_visit()
        if visit is None or self.pdf_pending:
            return False
        for_patient = self.patient_copy.isChecked()
        name = self.patient.display_name if self.patient is not None else ""
        self.pdf_pending = True
        self._update_buttons()
        show_summary_pdf(
            self._services,
            self._actor,
            visit.id,
            for_patient=for_patient,
            title=summary_title(name, visit.visit_at.strftime("%m/%d/%Y"), for_patient=for_patient),
            parent=self,
            shown=self._pdf_shown,
            failed=self._pdf_failed,
        )
        return True

    def _pdf_shown(self, dialog: PdfPreviewDialog) -> None:
        self.pdf_pending = False
        self.pdf_dialog = dialog
        dialog.finished.connect(self._pdf_closed)
        self._update_buttons()

    def _pdf_closed(self, _result: int) -> None:
        self.pdf_dialog = None  # window-modal: only one at a time

    def _pdf_failed(self, error: BaseException) -> None:
        self.pdf_pending = False
        self._update_buttons()
        if isinstance(error, DomainError):
            self.banner.show_message(f"No summary: {error.message}", Tone.DANGER)
        else:
            report_unhandled(error)

    # --- follow-ups -----------------------------------------------------------------------

    def run_followup(self, action: str) -> object | None:
        """Run a worklist action (its key) on the selected follow-up (its dialog is modal), then
        reload."""
        return self.followup_panel.run_action(action)

    def add_followup(self) -> QDialog | None:
        return self.followup_panel.add()

    def _track(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None  # window-modal: only one at a time
