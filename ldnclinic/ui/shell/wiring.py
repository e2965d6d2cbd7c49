"""The shell's wiring: what connects the feature packages, done once at start-up.

The features never import each other. Here the shell installs each opener
(`ldnclinic.ui.widgets.openers`) with the feature function that implements it, and registers
the chart tabs the other features add to the patient's chart. `MainWindow` calls
`wire_features()`; the ui tests call it too (tests/ui/conftest.py), so widgets built without
the main window behave as in the app.
"""

from __future__ import annotations

from ldnclinic.ui.followups.actions import action_states, run_named_action
from ldnclinic.ui.followups.new_followup_dialog import new_followup_for_patient
from ldnclinic.ui.handouts.documents_tab import DocumentsTab
from ldnclinic.ui.handouts.packet_offer import offer_new_patient_packet
from ldnclinic.ui.patients.open_charts import open_chart_at_prescription
from ldnclinic.ui.prescriptions.editor_dialog import edit_prescription_draft
from ldnclinic.ui.prescriptions.history_tab import PrescriptionsTab
from ldnclinic.ui.visits.visit_dialog import write_followup_visit
from ldnclinic.ui.visits.visits_tab import VisitsTab
from ldnclinic.ui.widgets import openers
from ldnclinic.ui.widgets.chart_tabs import ChartTabSpec, register_chart_tab

# After Demographics (10) and Clinical (20). The visits title doubles the "&", which a tab
# would otherwise read as a shortcut marker.
FEATURE_TABS = (
    ChartTabSpec("prescriptions", "Prescriptions", PrescriptionsTab.from_context, order=30),
    ChartTabSpec("visits", "Visits && follow-ups", VisitsTab.from_context, order=40),
    ChartTabSpec("documents", "Documents", DocumentsTab.from_context, order=50),
)


def install_openers() -> None:
    """Give every opener its implementation; fails naming any opener left without one."""
    openers.open_chart_at_prescription.install(open_chart_at_prescription)
    openers.edit_prescription_draft.install(edit_prescription_draft)
    openers.write_followup_visit.install(write_followup_visit)
    openers.followup_actions.install(action_states)
    openers.run_followup_action.install(run_named_action)
    openers.new_followup.install(new_followup_for_patient)
    openers.offer_new_patient_packet.install(offer_new_patient_packet)
    missing = [opener.name for opener in openers.ALL if not opener.installed]
    if missing:
        raise openers.OpenerNotInstalledError(
            f"The shell installs no implementation for: {', '.join(missing)}"
        )


def register_chart_tabs() -> None:
    """The tabs the feature packages add to every chart opened from now on."""
    for spec in FEATURE_TABS:
        register_chart_tab(spec)


def wire_features() -> None:
    """Install the openers and register the chart tabs (calling it again changes nothing)."""
    install_openers()
    register_chart_tabs()
