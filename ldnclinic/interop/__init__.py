"""Exchange formats: what the clinic's data looks like in files other programs open.

Each module turns plain values (its own small dataclasses, domain enums, text) into the bytes
of one format, or reads one format into plain values: CSV for spreadsheets, iCalendar for
staff calendars, and, as they arrive, FHIR for other health systems and the pharmacy's
formats. No database, no Qt, no ReportLab: a service gathers the data, checks the caller's
permission, writes the audit entry and hands the values here.
"""
