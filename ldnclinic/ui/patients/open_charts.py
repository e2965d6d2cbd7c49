"""One chart window per patient: opening a chart again brings its window to the front."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from ldnclinic.domain.errors import DomainError
from ldnclinic.services.container import Services
from ldnclinic.services.context import Actor
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.widgets import prompts

CHART_ERROR_KEY = "chart_error"


class ChartWindows(QObject):
    """Keeps the open charts by patient id; windows are children of `owner`."""

    saved = Signal(object)  # PatientDetail saved in any chart

    def __init__(self, services: Services, actor: Actor, owner: QWidget) -> None:
        super().__init__(owner)
        self._services = services
        self._actor = actor
        self._owner = owner
        self._windows: dict[int, ChartWindow] = {}

    def window_for(self, patient_id: int) -> ChartWindow | None:
        return self._windows.get(patient_id)

    @property
    def open_ids(self) -> list[int]:
        return list(self._windows)

    def open(self, patient_id: int) -> ChartWindow | None:
        """Show the chart (fetching it audits the view); None if it cannot be opened."""
        window = self._windows.get(patient_id)
        if window is None:
            try:
                detail = self._services.patients.get(self._actor, patient_id)
            except DomainError as error:
                prompts.warn(self._owner, CHART_ERROR_KEY, "Cannot open the chart", error.message)
                return None
            window = ChartWindow(self._services, self._actor, detail, parent=self._owner)
            window.destroyed.connect(lambda _obj=None, pid=patient_id: self._windows.pop(pid, None))
            window.open_chart_requested.connect(self.open)
            window.saved.connect(self.saved)
            self._windows[patient_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def close_all(self) -> bool:
        """Close every chart; a chart whose user keeps unsaved edits stays open (False)."""
        for window in list(self._windows.values()):
            window.close()
        return not any(window.isVisible() for window in self._windows.values())


def open_chart_at_prescription(
    owner: QWidget, services: Services, actor: Actor, patient_id: int, rx_id: int
) -> None:
    """Open the patient's chart at its Prescriptions tab with this script selected
    (`openers.open_chart_at_prescription`); the chart windows are `owner`'s own, one per patient."""
    charts = owner.findChild(ChartWindows, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if charts is None:
        charts = ChartWindows(services, actor, owner)
    window = charts.open(patient_id)
    if window is None:
        return
    for index in range(window.tabs.count()):
        page = window.tabs.widget(index)
        select_rx = getattr(page, "select_rx", None)
        if callable(select_rx):
            window.tabs.setCurrentIndex(index)
            select_rx(rx_id)
            return
