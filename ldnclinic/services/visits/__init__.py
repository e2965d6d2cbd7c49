"""Visits: the signed visit note and the outcomes it records. `VisitService` (service.py)
drafts, signs and amends notes; its DTOs are in dto.py, the note as rows and DTOs in notes.py,
and its queries for the outcome series (measures from the visits, doses from the live
prescriptions) in outcomes.py."""
