"""Follow-ups: the worklist of calls and reviews. `FollowupService` (service.py) lists,
assigns, schedules, snoozes and closes items and exports them (exports.py);
`FollowupSettingsService` (settings.py) edits the clinic's follow-up rules. Its DTOs are in
dto.py, its queries in items.py (rows as worklist items, with patients, attempts and names
looked up once, and the bucket counts), and loading, auditing and dating one row in
records.py. The generated items come from prescriptions.followup_sync."""
