"""Pure-Python clinic rules, one package per subject (prescriptions, safety, medications,
followups, visits, handouts) and the pieces they share at the top (text, field limits, dates,
names, identifiers, permissions, reasons, errors, enums).

Nothing here imports a framework or another ldnclinic package.
"""
