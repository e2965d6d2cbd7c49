"""The follow-up call list: what staff print to work the phones, with room to write.

US Letter landscape. A title block (what the list is, its scope, who printed it when),
a line of counts, then one table per bucket (Overdue, Due today, This week, Later). Each
table's first two rows, the bucket heading with its count and the column headings, repeat
on every page the table runs onto. The last column is left empty and ruled for handwriting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from io import BytesIO
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from ldnclinic.domain.followups.documents import CallListDocument, CallListRow
from ldnclinic.domain.followups.worklist import Bucket, FollowupStatus
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import register_fonts
from ldnclinic.printing.styles import LETTER_LANDSCAPE as PAGE
from ldnclinic.printing.templates import (
    DOT,
    PageFurniture,
    document_template,
    full_width_table,
    furnished_canvas,
    labelled,
    muted,
    paragraph,
    printed_stamp,
    us_date,
)

PHI_NOTICE = "Contains protected health information"
NOTHING_DUE = "Nothing due: no open follow-ups match this list."
NOTES_HEADING = "Notes"
PAD = styles.CALL_CELL_PADDING
COLUMNS = (*styles.CALL_COLUMNS, NOTES_HEADING)
WIDTHS = [*styles.CALL_COLUMNS.values(), PAGE.frame_width - sum(styles.CALL_COLUMNS.values())]
GROUP_KEEP = 90.0  # a bucket starts on a new page unless its heading and a row or two fit here


def render_call_list(doc: CallListDocument, *, invariant: bool = False) -> bytes:
    """The call list as PDF bytes; `invariant` gives the same bytes for the same input."""
    register_fonts()
    buffer = BytesIO()
    template = document_template(
        buffer,
        PAGE,
        title=f"{doc.title} ({us_date(doc.printed_at.date())})",
        author=doc.clinic.name,
        subject=doc.scope,
        invariant=invariant,
    )
    furniture = PageFurniture(
        geometry=PAGE,
        # One line on the left: a long name beside a centred notice would run into it.
        footer_left=f"{printed_stamp(doc.printed_at)} by {doc.printed_by}{DOT}{PHI_NOTICE}",
    )
    template.build(_story(doc), canvasmaker=furnished_canvas(furniture))
    return buffer.getvalue()


def grouped(rows: Sequence[CallListRow]) -> list[tuple[Bucket, list[CallListRow]]]:
    """The rows by bucket, in bucket order, keeping the order they came in; empty buckets left out."""
    groups = [(bucket, [row for row in rows if row.bucket is bucket]) for bucket in Bucket]
    return [(bucket, members) for bucket, members in groups if members]


def group_heading(bucket: Bucket, count: int) -> str:
    """ "Overdue · 3 items" """
    return f"{bucket.label}{DOT}{count} item{'' if count == 1 else 's'}"


def _story(doc: CallListDocument) -> list[Any]:
    story: list[Any] = [_title_block(doc), Spacer(1, 6), _counts(doc.rows)]
    if not doc.rows:
        return [*story, paragraph(NOTHING_DUE, styles.CALL_EMPTY)]
    for bucket, rows in grouped(doc.rows):
        story += [Spacer(1, styles.CALL_GROUP_GAP), CondPageBreak(GROUP_KEEP), _group_table(bucket, rows)]
    return story


def _title_block(doc: CallListDocument) -> Any:
    left = [paragraph(doc.title, styles.CALL_TITLE), paragraph(doc.scope, styles.CALL_SCOPE)]
    right = [
        paragraph(doc.clinic.name, styles.CALL_CLINIC),
        paragraph(f"{printed_stamp(doc.printed_at)} by {doc.printed_by}", styles.CALL_STAMP),
    ]
    right_width = PAGE.frame_width * 0.36
    return full_width_table(
        [[left, right]],
        [PAGE.frame_width - right_width, right_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, 0), styles.BAND_RULE_WIDTH, styles.ACCENT),
        ],
    )


def _counts(rows: Sequence[CallListRow]) -> Paragraph:
    """ "Overdue 5 · Due today 3 · This week 10 · Later 7 · Total 25" """
    parts = [labelled(bucket.label, str(sum(row.bucket is bucket for row in rows))) for bucket in Bucket]
    return Paragraph(DOT.join([*parts, f"<b>{labelled('Total', str(len(rows)))}</b>"]), styles.CALL_COUNTS)


def _group_table(bucket: Bucket, rows: Sequence[CallListRow]) -> Any:
    heading = [paragraph(group_heading(bucket, len(rows)), styles.CALL_GROUP), *[""] * (len(COLUMNS) - 1)]
    header = [paragraph(name.upper(), styles.CALL_HEADER) for name in COLUMNS]
    body = [_row_cells(row) for row in rows]
    table = full_width_table([heading, header, *body], WIDTHS, _table_commands(bucket))
    table.repeatRows = 2
    return table


def _table_commands(bucket: Bucket) -> list[tuple[Any, ...]]:
    band = styles.ALERT if bucket is Bucket.OVERDUE else styles.ACCENT
    return [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), band),
        ("BACKGROUND", (0, 1), (-1, 1), styles.TINT),
        ("LINEBELOW", (0, 1), (-1, 1), styles.RULE_WIDTH, styles.ACCENT),
        ("LINEBELOW", (0, 2), (-1, -1), styles.HAIRLINE, styles.RULE),
        ("LINEBEFORE", (-1, 1), (-1, -1), styles.HAIRLINE, styles.RULE),
        ("BOX", (0, 1), (-1, -1), styles.HAIRLINE, styles.RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, 0), 3),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ("BOTTOMPADDING", (-1, 2), (-1, -1), 0),
    ]


def _row_cells(row: CallListRow) -> list[Any]:
    cells = [
        _date_cell(row),
        _type_cell(row),
        _patient_cell(row),
        _or_muted(row.phone, "No phone"),
        _or_muted(row.assignee, "Unassigned"),
        [paragraph(row.reason, styles.CALL_CELL)],
        _attempts_cell(row),
    ]
    return [*cells, RuledSpace(WIDTHS[-1] - 2 * PAD, _content_height(cells))]


def _date_cell(row: CallListRow) -> list[Any]:
    cell = [paragraph(f"{row.work_date:%m/%d}", styles.CALL_CELL_BOLD)]
    if row.scheduled_at is not None:
        cell.append(paragraph(_clock(row.scheduled_at.hour, row.scheduled_at.minute), styles.CALL_CELL))
    return cell


def _type_cell(row: CallListRow) -> list[Any]:
    cell = [paragraph(row.type.label, styles.CALL_CELL)]
    if row.status is not FollowupStatus.OPEN:
        cell.append(paragraph(row.status.label, styles.CALL_CELL_MUTED))
    return cell


def _patient_cell(row: CallListRow) -> list[Any]:
    cell = [paragraph(row.patient_name, styles.CALL_CELL_BOLD)]
    cell.append(Paragraph(labelled("MRN", row.mrn), styles.CALL_CELL_SMALL))
    if row.date_of_birth is not None:
        cell.append(Paragraph(labelled("DOB", us_date(row.date_of_birth)), styles.CALL_CELL_SMALL))
    return cell


def _attempts_cell(row: CallListRow) -> list[Any]:
    if row.attempts == 0:
        return [Paragraph(muted("None yet"), styles.CALL_CELL)]
    count = f"{row.attempts} attempt{'' if row.attempts == 1 else 's'}"
    cell = [paragraph(count, styles.CALL_CELL)]
    if row.last_attempt:
        cell.append(paragraph(f"Last: {row.last_attempt}", styles.CALL_CELL_MUTED))
    return cell


def _or_muted(value: str | None, missing: str) -> list[Any]:
    if value:
        return [paragraph(value, styles.CALL_CELL)]
    return [Paragraph(muted(missing), styles.CALL_CELL)]


def _clock(hour: int, minute: int) -> str:
    """ "9:30 AM" """
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def _content_height(cells: Sequence[list[Any]]) -> float:
    """The height the tallest cell needs at its column's width (the Notes column matches it)."""
    tallest = 0.0
    for cell, width in zip(cells, WIDTHS, strict=False):
        inner = width - 2 * PAD
        tallest = max(tallest, sum(flowable.wrap(inner, PAGE.frame_height)[1] for flowable in cell))
    return tallest


class RuledSpace(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """Empty lines for handwriting: at least the minimum, or as many as fill the row."""

    def __init__(self, width: float, content_height: float) -> None:
        super().__init__()
        pitch = styles.NOTES_RULE_PITCH
        self.lines = max(styles.NOTES_MIN_LINES, math.ceil((content_height + 2 * PAD) / pitch - 0.01))
        self.space_width = width
        self.space_height = self.lines * pitch - PAD  # the cell's top padding makes up the row

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.space_width, self.space_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(styles.NOTES_RULE)
        canvas.setLineWidth(styles.HAIRLINE)
        canvas.setDash(1, 2)
        for number in range(1, self.lines):  # the row's own bottom rule is the last line
            y = number * styles.NOTES_RULE_PITCH
            canvas.line(0, y, self.space_width, y)
        canvas.restoreState()
