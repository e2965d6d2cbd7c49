"""Prescriptions in the app: the approval and print queues, the chart's Prescriptions tab,
the editor, PDF preview and printing.

The editor opens on a draft from a visit through the opener `edit_prescription_draft`; the
queue opens a chart through `open_chart_at_prescription`.

A feature package: it builds on the ground floor (`ldnclinic.ui.widgets`) and imports no other
feature; features talk to each other only through `ldnclinic.ui.widgets.openers`.
"""
