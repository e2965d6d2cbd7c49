"""Administration: clinic profile, user accounts, the pharmacy directory, the audit trail.

A feature package: it builds on the ground floor (`ldnclinic.ui.widgets`) and imports no other
feature; features talk to each other only through `ldnclinic.ui.widgets.openers`.
"""
