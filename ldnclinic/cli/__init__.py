"""The command line: a thin shell over the services.

`parser` holds the grammar (every command and option), `run` finds a command's handler and
turns expected problems into a message and an exit status, and one module per area
(`patients`, `prescriptions`, `followups`, `handouts`, `setup`) holds the handlers, which are
imported only when their command runs. The front door, ldnclinic.entry, parses the command
line and hands a command here; the command line never opens the app.
"""
