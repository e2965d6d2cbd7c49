"""Patient handouts in the chart: the Documents tab (what the patient was given, to view or
reprint exactly as printed) and the Print handouts dialog (choose, preview, print and record).

The shell registers the tab (`ldnclinic.ui.shell.wiring`). The Prescriptions tab offers the
new-patient packet (`packet_offer`) through the opener `offer_new_patient_packet` after a
patient's first prescription is printed.

A feature package: it builds on the ground floor (`ldnclinic.ui.widgets`) and imports no other
feature; features talk to each other only through `ldnclinic.ui.widgets.openers`.
"""
