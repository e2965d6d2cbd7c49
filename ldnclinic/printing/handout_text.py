"""Handout text as ReportLab paragraphs: `**bold**` markup and the spaces that never break.

Text a clinician wrote goes through `markup` (`**bold**` prints bold, everything else exactly
as typed); text the app supplies (names, dates, labels) goes through `plain`, which never
reads markup. Both keep a dose with its unit and a phone number with its area code.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

BULLET = "•"
_DOSE_UNIT = re.compile(r"(\d) (mg|mL)\b")  # a dose never breaks between its number and unit
_PHONE = re.compile(r"(\(\d{3}\)) (\d{3}-\d{4})")  # nor a phone number after its area code


def markup(text: str) -> str:
    """ReportLab markup for handout text: `**bold**` turns bold, the rest prints as typed
    ("O'Brien", "<", "&"); an unpaired `**` prints as it is."""
    parts = text.split("**")
    if len(parts) % 2 == 0:
        parts[-2:] = ["**".join(parts[-2:])]
    pieces = [f"<b>{escape(part)}</b>" if odd % 2 else escape(part) for odd, part in enumerate(parts)]
    return unbroken("".join(pieces))


def unbroken(text: str) -> str:
    """No-break spaces inside doses ("4.5 mg") and phone numbers ("(512) 555-0100")."""
    return _PHONE.sub("\\1\u00a0\\2", _DOSE_UNIT.sub("\\1\u00a0\\2", text))


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of handout text, `**bold**` and all."""
    return Paragraph(markup(text), style)


def plain(text: str, style: ParagraphStyle) -> Paragraph:
    """Text from the app (labels, names, dates): never bold, never markup."""
    return Paragraph(unbroken(escape(text)), style)
