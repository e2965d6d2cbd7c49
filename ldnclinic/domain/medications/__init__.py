"""Medication-list entries: the one reading of an entry every part of the app uses (reading),
finding the term list's names in it (matching), and splitting typed entries (entries)."""
