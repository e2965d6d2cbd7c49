"""The app's look, derived from the current palette so it reads in light and dark alike.

Widgets say what they are with a `role` property (title, error, card, ...) and the one
style sheet built here says how each role looks. The sheet is rebuilt when the system
palette changes (for example when the desktop switches to dark mode).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True, slots=True)
class Colors:
    dark: bool
    text: str
    muted: str
    border: str
    card: str
    nav: str
    accent: str
    accent_soft: str
    hover: str
    error: str
    error_soft: str
    conflict: str
    conflict_soft: str


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _mix(a: QColor, b: QColor, share_of_b: float) -> str:
    keep = 1.0 - share_of_b
    return QColor(
        round(a.red() * keep + b.red() * share_of_b),
        round(a.green() * keep + b.green() * share_of_b),
        round(a.blue() * keep + b.blue() * share_of_b),
    ).name()


def _rgba(color: QColor, alpha: float) -> str:
    return f"rgba({color.red()}, {color.green()}, {color.blue()}, {alpha:.2f})"


def colors(palette: QPalette) -> Colors:
    role = QPalette.ColorRole
    window, text = palette.color(role.Window), palette.color(role.WindowText)
    base, highlight = palette.color(role.Base), palette.color(role.Highlight)
    dark = is_dark(palette)
    red = QColor("#ff8a80" if dark else "#b3261e")
    amber = QColor("#ffd54f" if dark else "#7a5200")
    return Colors(
        dark=dark,
        text=text.name(),
        muted=_mix(text, window, 0.38),
        border=_mix(window, text, 0.18),
        card=base.name(),
        nav=_mix(window, text, 0.05),
        accent=(highlight.lighter(150) if dark else highlight.darker(115)).name(),
        accent_soft=_rgba(highlight, 0.30 if dark else 0.16),
        hover=_rgba(text, 0.07),
        error=red.name(),
        error_soft=_rgba(red, 0.14),
        conflict=amber.name(),
        conflict_soft=_rgba(QColor("#ffc107"), 0.16 if dark else 0.22),
    )


def stylesheet(palette: QPalette) -> str:
    c = colors(palette)
    return f"""
QListWidget#navigation {{
    background: {c.nav}; border: none; border-right: 1px solid {c.border};
    padding-top: 10px; outline: 0; font-size: 10.5pt;
}}
QListWidget#navigation::item {{
    padding: 9px 12px; margin: 2px 8px; border-radius: 6px; color: {c.text};
}}
QListWidget#navigation::item:hover:!selected {{ background: {c.hover}; }}
QListWidget#navigation::item:selected {{ background: {c.accent_soft}; color: {c.text}; }}
QLabel#navigationHeader {{ color: {c.muted}; padding: 14px 18px 4px 18px; font-weight: 600; }}
QLabel[role="title"] {{ font-size: 17pt; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: 12pt; font-weight: 600; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="error"] {{ color: {c.error}; }}
QLabel[role="banner-error"] {{
    color: {c.error}; background: {c.error_soft}; border: 1px solid {c.error};
    border-radius: 6px; padding: 8px 10px;
}}
QLabel[role="banner-conflict"] {{
    color: {c.text}; background: {c.conflict_soft}; border: 1px solid {c.conflict};
    border-radius: 6px; padding: 8px 10px;
}}
QLabel[role="other-value"] {{
    color: {c.text}; background: {c.conflict_soft}; border-radius: 4px; padding: 2px 6px;
}}
QFrame[role="card"] {{ background: {c.card}; border: 1px solid {c.border}; border-radius: 8px; }}
QFrame[role="card"] QLabel {{ background: transparent; border: none; }}
QLabel[role="stat"] {{ font-size: 22pt; font-weight: 600; }}
QLabel[role="stat-label"] {{ color: {c.muted}; }}
QStatusBar {{ border-top: 1px solid {c.border}; }}
QStatusBar QLabel {{ padding: 2px 8px; }}
QPushButton {{ padding: 5px 14px; }}
QTableView {{ border: 1px solid {c.border}; gridline-color: {c.border}; }}
QHeaderView::section {{
    background: {c.nav}; color: {c.text}; border: none; border-right: 1px solid {c.border};
    border-bottom: 1px solid {c.border}; padding: 4px 6px;
}}
"""


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a style role and re-polish it so the new look shows at once."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class _PaletteWatcher(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange and isinstance(watched, QApplication):
            watched.setStyleSheet(stylesheet(watched.palette()))
        return False


_watcher: _PaletteWatcher | None = None


def apply(app: QApplication) -> None:
    """Style the whole application now and whenever its palette changes."""
    global _watcher  # noqa: PLW0603 - one watcher per process
    app.setStyleSheet(stylesheet(app.palette()))
    if _watcher is None:
        _watcher = _PaletteWatcher()
        app.installEventFilter(_watcher)


def remove(app: QApplication) -> None:
    """Undo apply() (tests share one QApplication)."""
    global _watcher  # noqa: PLW0603
    if _watcher is not None:
        app.removeEventFilter(_watcher)
        _watcher = None
    app.setStyleSheet("")
