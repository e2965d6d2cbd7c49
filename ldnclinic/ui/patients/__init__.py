"""The patient registry as people see it: the searchable list, the chart and the patient form.

`PatientsView` is the page the main window embeds; charts open in their own windows (one per
patient) whose tabs come from `chart_tabs`, so later features add tabs without rework.
"""

from __future__ import annotations

from ldnclinic.ui.patients.chart_tabs import ChartTabContext, ChartTabSpec, register_chart_tab
from ldnclinic.ui.patients.chart_window import ChartWindow
from ldnclinic.ui.patients.new_patient_dialog import NewPatientDialog
from ldnclinic.ui.patients.patient_list_model import PatientListModel
from ldnclinic.ui.patients.patients_view import PatientsView

__all__ = [
    "ChartTabContext",
    "ChartTabSpec",
    "ChartWindow",
    "NewPatientDialog",
    "PatientListModel",
    "PatientsView",
    "register_chart_tab",
]
