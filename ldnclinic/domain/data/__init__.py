"""The safety rules' data files (package data, read with importlib.resources)."""
