"""The Qt user interface (PySide6). The only package that imports Qt.

Widgets only move data: they call services and show DTOs; rules live below.
"""
