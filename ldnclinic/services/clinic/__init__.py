"""The clinic itself: its profile, its pharmacy directory, its settings and its set-up.
`ClinicService` and `PharmacyService` (service.py) read and change the profile and the
directory, with their DTOs (ClinicInfo, PharmacyInfo and their inputs) beside them; every
area reads the clinic's settings (time zone, today, follow-up rules, start limits, document
header) through settings.py; `SetupService` (setup.py) sets up a database from a file or the
first-run wizard."""
