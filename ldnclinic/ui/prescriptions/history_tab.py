"""The chart's Prescriptions tab: the patient's scripts, newest first, and what to do next.

The table shows every script with its status in colour; the line under it says where the
selected script stands and what comes next ("Approved by … on …; ready to print"). The
buttons are hidden when the user's role may never use them and enabled only when the
selected script's status allows it; the flows themselves live in `actions` (printing in
`print_flows`). The list is fetched again after every action, so what is shown is what the
database holds.

The shell registers the tab (`ldnclinic.ui.shell.wiring`), so every chart shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.prescriptions.status import RxStatus
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.services.patients.dto import PatientDetail
from ldnclinic.services.prescriptions.dto import PrescriptionSummary
from ldnclinic.ui.prescriptions.action_rules import Action, allowed, visible_actions
from ldnclinic.ui.prescriptions.actions import PrescriptionActions
from ldnclinic.ui.prescriptions.history_model import (
    STATUS_TONES,
    Column,
    PrescriptionHistoryModel,
    shown_hard_stops,
)
from ldnclinic.ui.widgets.chart_tabs import ChartTabContext
from ldnclinic.ui.widgets.table_model import set_up_list_table, size_columns
from ldnclinic.ui.widgets.tones import Banner, Tone, badge_style, hint_colour

EMPTY_TEXT = "No prescriptions yet. “New prescription…” writes the first one."
NOTHING_SELECTED = "Select a prescription to see where it stands."


class PrescriptionsTab(QWidget):
    def __init__(
        self, services: Services, actor: Actor, patient_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prescriptionsTab")
        self._services = services
        self._actor = actor
        self.patient_id = patient_id
        self.patient: PatientDetail | None = None
        self.model = PrescriptionHistoryModel(self._fetch, services.clinic.zone(), self)
        self.flows = PrescriptionActions(services, actor, self, lambda: self.patient)
        self.flows.changed.connect(self._changed)
        self.flows.notice.connect(self._notice)
        self._build()
        self._update_state()

    @classmethod
    def from_context(cls, context: ChartTabContext) -> PrescriptionsTab:
        return cls(context.services, context.actor, context.patient_id)

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet(f"color: {hint_colour()};")
        self.banner = Banner(Tone.INFO, self)
        self.banner.setObjectName("prescriptionsBanner")
        self.table = self._make_table()
        self.status_line = QLabel(NOTHING_SELECTED, self)
        self.status_line.setObjectName("rxStatusLine")
        self.status_line.setWordWrap(True)
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)
        self.status_line.setAccessibleName("Where the selected prescription stands")
        self.buttons: dict[Action, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self._button(Action.NEW, "New prescription…", "Write a new prescription (a draft)"))
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for action, text, tip in (
            (Action.OPEN, "Open…", "Open the prescription (edit it while it is a draft or approved)"),
            (Action.APPROVE, "Approve…", "Review the safety findings and approve the draft"),
            (Action.PRINT, "Print…", "Print the original, or a reprint of one already printed"),
            (Action.CHART_COPY, "Chart copy", "Print a chart copy of the printed original"),
            (Action.VIEW, "View PDF", "Show the archived original exactly as it was printed"),
            (Action.FAX_COVER, "Fax cover", "A cover sheet for faxing the script to its pharmacy"),
            (Action.SIGN, "Confirm signature", "Confirm you signed the printed original by hand"),
            (Action.SEND, "Mark sent…", "Record how and where the signed original was sent"),
            (Action.RENEW, "Renew", "Write a new draft like this one, starting today"),
        ):
            actions.addWidget(self._button(action, text, tip))
        actions.addStretch(1)
        actions.addWidget(self._button(Action.VOID, "Void…", "Void the prescription (a reason is required)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_line)
        layout.addLayout(actions)
        shown = visible_actions(self._actor)
        for action, button in self.buttons.items():
            button.setVisible(action in shown)

    def _button(self, action: Action, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False, chosen=action: self.run(chosen))
        self.buttons[action] = button
        return button

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        set_up_list_table(table, self.model, "Prescriptions, newest first")
        samples = {
            Column.STATUS: "Approved · 2 hard stops",
            Column.MEDICATION: "Naltrexone HCl 1 mg/mL oral liquid (LIQ-1)",
            Column.TARGET: "Target",
            Column.SUPPLY: "366 days",
            Column.REFILLS: "Refills",
            Column.SERIAL: "RX-0000000-0",
            Column.CREATED: "00/00/0000 00:00",
        }
        size_columns(table, samples, stretch=Column.PLAN)
        header = table.horizontalHeader()
        header.setSectionResizeMode(Column.PRESCRIBER, QHeaderView.ResizeMode.ResizeToContents)
        table.selectionModel().selectionChanged.connect(lambda _new, _old: self._update_state())
        table.doubleClicked.connect(self._double_clicked)
        return table

    # --- data ---------------------------------------------------------------------------------

    def _fetch(self) -> list[PrescriptionSummary]:
        return self._services.prescriptions.for_patient(self._actor, self.patient_id)

    def show_detail(self, detail: PatientDetail) -> None:
        """The chart was (re)loaded: keep the patient for the editor and list the scripts."""
        self.patient = detail
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Fetch the list again and select `select_id` (else the same script, else the newest)."""
        current = self.selected()
        wanted = select_id if select_id is not None else (current.id if current else None)
        try:
            self.model.reload()
        except DomainError as error:
            self.banner.show_message(error.message, Tone.DANGER)
            return
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._update_state()

    def selected(self) -> PrescriptionSummary | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.model.summary_at(rows[0].row()) if rows else None

    def select_rx(self, rx_id: int) -> None:
        row = self.model.row_of(rx_id)
        if row >= 0:
            self.table.selectRow(row)

    # --- state --------------------------------------------------------------------------------

    def _update_state(self) -> None:
        rx = self.selected()
        can = allowed(self._actor, rx)
        if self.flows.printing:
            can -= {Action.PRINT, Action.CHART_COPY}
        for action, button in self.buttons.items():
            button.setEnabled(action in can)
        self.buttons[Action.OPEN].setText("Edit…" if rx is not None and rx.status.editable else "Open…")
        reprint = rx is not None and rx.status.was_printed
        self.buttons[Action.PRINT].setText("Reprint…" if reprint else "Print…")
        count = self.model.rowCount()
        self.count_label.setText(
            f"{count} prescription{'s' if count != 1 else ''}, newest first." if count else EMPTY_TEXT
        )
        self.status_line.setText(self.status_text(rx) if rx is not None else NOTHING_SELECTED)
        self.status_line.setStyleSheet(badge_style(STATUS_TONES[rx.status] if rx is not None else Tone.INFO))
        self.status_line.setVisible(bool(count))

    def status_text(self, rx: PrescriptionSummary) -> str:
        """Where the script stands and what comes next, in one or two sentences."""
        when = self.model.local_time(rx.updated_at)
        who = rx.prescriber_name
        label = rx.serial or f"#{rx.id}"
        status = rx.status
        if status is RxStatus.DRAFT:
            text = (
                f"Draft {label}, written {self.model.local_time(rx.created_at)}; waiting for approval by "
                f"{who or 'a prescriber'}."
            )
            stops = shown_hard_stops(rx)
            if stops:
                text += (
                    f" The safety screen finds {stops} hard stop{'s' if stops != 1 else ''} on today's "
                    "chart: approving needs a reason for the override."
                )
            return text
        if status is RxStatus.APPROVED:
            return f"Approved by {who or 'a prescriber'} on {when}; ready to print."
        if status is RxStatus.PRINTED:
            return (
                f"{label} printed on {when}; waiting for {who or 'the prescriber'} to sign the original by "
                "hand, then Confirm signature."
            )
        if status is RxStatus.SIGNED:
            return f"{label} signed by {who or 'the prescriber'} on {when}; ready to send to the pharmacy."
        if status is RxStatus.SENT:
            return f"{label} sent on {when}. Renew writes a new draft like it."
        return f"{label} void since {when}: it can never be printed or sent."

    def _notice(self, text: str, tone: object) -> None:
        if not text:
            self.banner.clear_message()
            return
        self.banner.show_message(text, tone if isinstance(tone, Tone) else Tone.INFO)

    def _changed(self, rx_id: object) -> None:
        self.refresh(rx_id if isinstance(rx_id, int) else None)

    # --- running the actions ------------------------------------------------------------------

    def run(self, action: Action) -> object:
        """Start `action` on the selected script; returns the dialog or result, if any."""
        rx = self.selected()
        if action not in allowed(self._actor, rx):
            return None
        self.banner.clear_message()
        flows = self.flows
        if action is Action.NEW:
            return flows.new()
        assert rx is not None
        if action is Action.OPEN:
            return flows.open(rx.id)
        if action is Action.APPROVE:
            return flows.approve(rx.id)
        if action in (Action.PRINT, Action.CHART_COPY):
            started = flows.print(rx, copy=action is Action.CHART_COPY)
            self._update_state()
            return started
        if action is Action.VIEW:
            return flows.view(rx)
        if action is Action.FAX_COVER:
            return flows.fax_cover(rx)
        if action is Action.SIGN:
            return flows.sign(rx)
        if action is Action.SEND:
            return flows.send(rx.id)
        if action is Action.VOID:
            return flows.void(rx.id)
        return flows.renew(rx)

    def _double_clicked(self, index: QModelIndex) -> None:
        rx = self.model.summary_at(index.row())
        if rx is not None:
            self.select_rx(rx.id)
            self.run(Action.OPEN)
