"""The fonts every document embeds: DejaVu Sans, package data in ldnclinic/resources/fonts
(with its licence).

The standard PDF fonts (Helvetica and friends) are never used: they are not embedded and
lose letters outside Latin-1, so "Nguyễn Thị Hằng" would print as boxes. `register_fonts`
is safe to call from any thread, any number of times; the files are read only once.
"""

from __future__ import annotations

import threading
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = resources.files("ldnclinic.resources").joinpath("fonts")

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_OBLIQUE = "DejaVuSans-Oblique"

FONT_FILES: dict[str, str] = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_OBLIQUE: "DejaVuSans-Oblique.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the DejaVu fonts with ReportLab once; <b> and <i> in paragraphs map onto them."""
    global _registered  # noqa: PLW0603 (a once-only flag, guarded by the lock)
    with _lock:
        if _registered:
            return
        for name, file_name in FONT_FILES.items():
            font = FONTS.joinpath(file_name)
            if not font.is_file():
                raise FileNotFoundError(
                    f"The font file {file_name} is missing; the app cannot print without it."
                )
            with resources.as_file(font) as path:  # a real file even from a zipped install
                pdfmetrics.registerFont(TTFont(name, str(path)))
        # Bold italic is not shipped: bold stands in for it.
        for bold, italic, face in ((0, 0, SANS), (1, 0, SANS_BOLD), (0, 1, SANS_OBLIQUE), (1, 1, SANS_BOLD)):
            addMapping(SANS, bold, italic, face)
        _registered = True
