"""Telemedicine visits: what a note holds and the rules it meets before it is saved (note),
and the measures and dose over time (outcomes)."""
