"""Guards against a PySide6 binding bug that would crash the app after a day's use.

PySide6 6.12.0 on Python 3.11 dropped one reference to None on every Qt call returning
void; once None's count reached zero the interpreter aborted (none_dealloc). We pin a
release without it; this test fails if a version bump brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_references_to_none(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for _ in range(500):
        edit.setText("x")
        edit.clear()
    assert sys.getrefcount(None) >= before - 10
