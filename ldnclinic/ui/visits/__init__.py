"""Telemedicine visits on screen: the visit note dialog, the outcome chart and the chart's
"Visits & follow-ups" tab.

The shell registers the tab (`ldnclinic.ui.shell.wiring`). A dose change opens the
prescription editor through `edit_prescription_draft`; the follow-ups half of the tab uses the
follow-up openers.

A feature package: it builds on the ground floor (`ldnclinic.ui.widgets`) and imports no other
feature; features talk to each other only through `ldnclinic.ui.widgets.openers`.
"""
