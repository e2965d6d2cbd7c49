"""Telemedicine visits on screen: the visit note dialog, the outcome chart and the chart's
"Visits & follow-ups" tab.

`ldnclinic.ui.patients` registers the tab; its factory imports `visits_tab` only when a chart
is built, so importing this package stays cheap.
"""
