"""Prescription rules: a script's life (status), its dose plan (titration, doses written the
ISMP way), what the pharmacy dispenses (supply, formulary), what a printed Texas script must
carry on its one page (document, page), where a new script starts (defaults, continuation,
start_window)."""
