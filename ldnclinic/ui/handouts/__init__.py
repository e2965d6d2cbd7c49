"""Patient handouts in the chart: the Documents tab (what the patient was given, to view or
reprint exactly as printed) and the Print handouts dialog (choose, preview, print and record).

`ldnclinic.ui.patients` registers the tab; its factory imports `documents_tab` when a chart
is built. The Prescriptions tab offers the new-patient packet through `packet_offer` after a
patient's first prescription is printed.
"""
