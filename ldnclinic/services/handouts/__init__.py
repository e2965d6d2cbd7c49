"""Handouts: patient education sheets. `HandoutService` (service.py) lists the library and
prints and records a patient's handouts; its DTOs (HandoutInfo, HandoutItem, HandoutRecord,
PrintedHandouts) and its queries are in service.py, and the sheets on disk are read by
library.py."""
