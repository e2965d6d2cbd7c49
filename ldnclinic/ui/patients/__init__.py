"""The patient registry as people see it: the searchable list, the chart and the patient form.

`PatientsView` is the page the main window embeds; charts open in their own windows (one per
patient) whose tabs come from `chart_tabs`, so later features add tabs without rework.

A feature package: it imports the ground floor (`ldnclinic.ui.widgets`) and no other feature;
other features reach it through `openers` (open_chart_at_prescription).
"""
