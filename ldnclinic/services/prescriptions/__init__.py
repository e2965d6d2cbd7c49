"""Prescriptions: from draft to faxed script. `PrescriptionService` (service.py) drafts,
approves (approval.py), prints, signs and sends (printing.py) and voids scripts; its DTOs are
in dto.py. What a script stores of its formula and plan is read in snapshots.py, the safety
screen in screening.py, loading and auditing a row in records.py, and rows become DTOs in
details.py; drafting.py, start.py, checks.py, readiness.py and documents.py hold the steps of
a draft, formulary.py the formulary, in_force.py answers which scripts are live and which one
is in force (for every area), and followup_sync.py keeps the generated follow-ups in step with
the live prescriptions."""
