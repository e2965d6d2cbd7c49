"""The patient registry as people see it: the searchable list, the chart and the patient form.

`PatientsView` is the page the main window embeds; charts open in their own windows (one per
patient) whose tabs come from `chart_tabs`, so later features add tabs without rework.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ldnclinic.ui.widgets.chart_tabs import ChartTabContext, ChartTabSpec, register_chart_tab


def _prescriptions_tab(context: ChartTabContext) -> QWidget:
    """The Prescriptions tab, imported when a chart is built (its modules build on these)."""
    from ldnclinic.ui.prescriptions.history_tab import PrescriptionsTab

    return PrescriptionsTab.from_context(context)


def _visits_tab(context: ChartTabContext) -> QWidget:
    """The Visits & follow-ups tab, imported when a chart is built (like Prescriptions).
    Its title doubles the "&", which a tab would otherwise read as a shortcut marker."""
    from ldnclinic.ui.visits.visits_tab import VisitsTab

    return VisitsTab.from_context(context)


def _documents_tab(context: ChartTabContext) -> QWidget:
    """The Documents tab (the handouts the patient was given), imported when a chart is built."""
    from ldnclinic.ui.handouts.documents_tab import DocumentsTab

    return DocumentsTab.from_context(context)


register_chart_tab(ChartTabSpec("prescriptions", "Prescriptions", _prescriptions_tab, order=30))
register_chart_tab(ChartTabSpec("visits", "Visits && follow-ups", _visits_tab, order=40))
register_chart_tab(ChartTabSpec("documents", "Documents", _documents_tab, order=50))
