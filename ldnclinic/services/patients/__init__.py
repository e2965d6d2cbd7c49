"""Patients: the registry and the chart. `PatientService` (service.py) finds, reads and
changes charts (demographics, medications, conditions, allergies, consents, status); its DTOs
are in dto.py, its queries in search.py (the name, MRN, date-of-birth and phone search with
its cursor), the checks on typed input in checks.py, and the CSV import in importing.py."""
