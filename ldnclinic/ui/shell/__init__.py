"""The top of the ui: the main window, the Today page, sign-in and the first-run wizard.

The only ui package that imports the feature packages; at start-up it wires them together
(`wiring`: installs the openers, registers the chart tabs). Only the composition root
(`ldnclinic.app`) imports it.
"""
