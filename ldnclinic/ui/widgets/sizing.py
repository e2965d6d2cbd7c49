"""Keep a dialog tall enough for what it shows now.

Qt's minimum-size rules ignore height-for-width (word-wrapped labels), so a dialog that
starts showing a wrapped message would squeeze its fields instead of growing. This grows
the window to the height its layout needs at its current width (never shrinks it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def grow_to_fit(widget: QWidget) -> None:
    window = widget.window()
    layout = window.layout()
    if layout is None or window.isMaximized() or window.isFullScreen():
        return
    layout.activate()
    needed = layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() else -1
    needed = max(needed, layout.totalSizeHint().height())
    if needed > window.height():
        window.resize(window.width(), needed)
