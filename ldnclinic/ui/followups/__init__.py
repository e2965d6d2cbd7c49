"""Follow-ups in the app: the worklist on the Today page, the actions staff take on an item
(log a call, schedule, snooze, cancel, close) and the worklist's exports.

Offers the chart's follow-ups panel its actions and the New follow-up dialog through the
openers `followup_actions`, `run_followup_action` and `new_followup`; writes the visit note
that closes a follow-up through `write_followup_visit`.

A feature package: it builds on the ground floor (`ldnclinic.ui.widgets`) and imports no other
feature; features talk to each other only through `ldnclinic.ui.widgets.openers`.
"""
