"""Follow-ups in the app: the worklist on the Today page, the actions staff take on an item
(log a call, schedule, snooze, cancel, close) and the worklist's exports."""
