"""Demo data: a made-up clinic for trying the app and for measuring it. `DemoService`
(build.py) builds it, with its DTOs (DemoAccount, DemoReport) beside it; patients.py
generates the patients, treatment.py their prescriptions, visits and follow-ups through the
other areas' services, and names.py holds the names and places it draws from."""
