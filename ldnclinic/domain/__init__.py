"""Pure-Python clinic rules: identifiers, names, dates, the opioid screen, enums and errors.

Nothing here imports a framework or another ldnclinic package.
"""
