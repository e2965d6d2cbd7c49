"""Navigation icons: simple line drawings in the palette's text colour (light and dark).

They are drawn here as SVG so the app ships no image files for them and they stay sharp
on high-DPI screens.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

_SHAPES = {
    "today": (
        '<rect x="3" y="4.5" width="18" height="16.5" rx="2"/>'
        '<path d="M3 9.5h18M8 2.5v4M16 2.5v4"/>'
        '<rect x="7" y="13" width="4" height="4" rx="0.5"/>'
    ),
    "patients": (
        '<circle cx="9" cy="8" r="3.5"/>'
        '<path d="M2.5 20.5v-1.5a5 5 0 0 1 5-5h3a5 5 0 0 1 5 5v1.5"/>'
        '<path d="M15.5 4.6a3.5 3.5 0 0 1 0 6.8M18.5 14.3a5 5 0 0 1 3 4.7v1.5"/>'
    ),
    "pharmacies": (
        '<path d="M10.5 20.5l10-10a4.95 4.95 0 0 0-7-7l-10 10a4.95 4.95 0 0 0 7 7z"/><path d="M8.5 8.5l7 7"/>'
    ),
    "prescriptions": (
        '<path d="M6.5 2.5h11a1 1 0 0 1 1 1v17a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1v-17a1 1 0 0 1 1-1z"/>'
        '<path d="M9 7.5v9M9 7.5h2.75a2.25 2.25 0 0 1 0 4.5H9M11 12l4.5 4.5M15.5 12.5l-4 4"/>'
    ),
    "admin": (
        '<path d="M12 21.5s7.5-3.5 7.5-9.5V5.5L12 2.5 4.5 5.5V12c0 6 7.5 9.5 7.5 9.5z"/>'
        '<path d="M9 12l2 2 4-4"/>'
    ),
}

NAMES = tuple(_SHAPES)


def _svg(name: str, color: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        f'stroke="{color}" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round">'
        f"{_SHAPES[name]}</svg>"
    ).encode()


def icon(name: str, color: QColor) -> QIcon:
    """The icon `name` drawn in `color`, rendered at sizes for normal and high-DPI screens."""
    renderer = QSvgRenderer(QByteArray(_svg(name, color.name())))
    result = QIcon()
    for size in (16, 20, 24, 32, 40, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result
