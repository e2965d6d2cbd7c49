"""The handout packet PDF: every handout on its own pages, schedule, chart, follow-ups,
wallet card, sources and the notice band, in English and Spanish, with names printed as typed."""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ldnclinic.domain.handouts.packet import DoseStep, FilledHandout, HandoutPacket, ScheduleRow
from ldnclinic.domain.handouts.texts import Block, BuiltBlock, Heading, ItemList, Paragraph, WalletCard
from ldnclinic.printing import styles
from ldnclinic.printing.fonts import SANS, SANS_BOLD, SANS_OBLIQUE
from ldnclinic.printing.handout import render_handouts
from ldnclinic.printing.handout_chart import mg_ticks, step_chart
from ldnclinic.printing.handout_text import markup
from tests.printing import builders as b

CLINIC = "Hill Country LDN Clinic"
PATIENT = "Nguyễn Thị Hằng"

NOTICE_EN: tuple[Block, ...] = (
    Heading(1, "Questions? Call us"),
    ItemList((CLINIC, "100 Congress Ave, Suite 200, Austin, TX 78701", "Phone: (512) 555-0100")),
    Heading(1, "Complaints: Texas Medical Board"),
    Paragraph(
        "The Texas Medical Board licenses and oversees the doctors and physician assistants who care "
        "for you. If you want to file a complaint about one of them, you can reach the board here:"
    ),
    ItemList(
        (
            "Mail: Texas Medical Board, Attention: Investigations, P.O. Box 2018, MC-263, "
            "Austin, Texas 78768",
            "Phone: 1-800-201-9353 (toll free)",
            "Website: www.tmb.state.tx.us",
        )
    ),
)
NOTICE_ES: tuple[Block, ...] = (
    Heading(1, "¿Preguntas? Llámenos"),
    ItemList((CLINIC, "100 Congress Ave, Suite 200, Austin, TX 78701", "Teléfono: (512) 555-0100")),
    Heading(1, "Quejas: Junta Médica de Texas (Texas Medical Board)"),
    Paragraph(
        "La Junta Médica de Texas otorga la licencia y supervisa a los médicos y asistentes médicos que "
        "le atienden. Si desea presentar una queja sobre alguno de ellos, puede comunicarse con la junta:"
    ),
    ItemList(
        (
            "Correo: Texas Medical Board, Attention: Investigations, P.O. Box 2018, MC-263, "
            "Austin, Texas 78768",
            "Teléfono: 1-800-201-9353 (llamada gratuita)",
            "Sitio web: www.tmb.state.tx.us",
        )
    ),
)

SCHEDULE_EN = (
    ScheduleRow("Tue, Dec 1, 2026", "Mon, Dec 14, 2026", "0.5 mg", "1 capsule"),
    ScheduleRow("Tue, Dec 15, 2026", "Mon, Dec 28, 2026", "1.5 mg", "3 capsules"),
    ScheduleRow("Tue, Dec 29, 2026", "Mon, Jan 11, 2027", "3 mg", "6 capsules"),
    ScheduleRow("Tue, Jan 12, 2027", "and after", "4.5 mg", "9 capsules"),
)
SCHEDULE_ES = (
    ScheduleRow("mar 1 dic 2026", "lun 14 dic 2026", "0.5 mg", "1 cápsula"),
    ScheduleRow("mar 15 dic 2026", "lun 28 dic 2026", "1.5 mg", "3 cápsulas"),
    ScheduleRow("mar 29 dic 2026", "lun 11 ene 2027", "3 mg", "6 cápsulas"),
    ScheduleRow("mar 12 ene 2027", "en adelante", "4.5 mg", "9 cápsulas"),
)
STEPS = (
    DoseStep(0, 14, Decimal("0.5")),
    DoseStep(14, 14, Decimal("1.5")),
    DoseStep(28, 14, Decimal("3")),
    DoseStep(42, None, Decimal("4.5")),
)
FOLLOWUPS_EN = (
    ("December 15, 2026", "Check on your new dose"),
    ("March 1, 2027", "Is LDN helping? (review)"),
)
FOLLOWUPS_ES = (
    ("15 de diciembre de 2026", "Revisar su nueva dosis"),
    ("1 de marzo de 2027", "¿Le ayuda el LDN? (revisión)"),
)
SOURCES = (
    "Younger J, et al. Low-dose naltrexone for the treatment of fibromyalgia. "
    "Arthritis Rheum. 2013;65(2):529-538.",
    "Bruun KD, et al. Low-dose naltrexone for fibromyalgia: the FINAL randomised clinical trial. "
    "Lancet Rheumatol. 2024;6(1):e31-e39.",
)


def starting_ldn(language: str = "en", **changes: Any) -> FilledHandout:
    """A titration handout: 4 steps in a table and a chart, the follow-ups, bold text."""
    en = language == "en"
    blocks: tuple[Block, ...] = (
        Paragraph("Hello Hằng," if en else "Hola, Hằng:"),
        Paragraph(
            "This sheet shows your own plan for starting LDN. Keep it where you take your medicine."
            if en
            else "Esta hoja tiene su propio plan de dosis. Guárdela cerca de donde toma su medicina."
        ),
        Heading(1, "Your schedule" if en else "Su calendario de dosis"),
        Paragraph(
            "You will start on **December 1, 2026** with a low dose and go up in small steps."
            if en
            else "Usted empieza el **1 de diciembre de 2026** con una dosis baja."
        ),
        BuiltBlock("schedule_table"),
        BuiltBlock("step_chart"),
        Heading(1, "If you miss a dose" if en else "Si se le olvida una dosis"),
        ItemList(
            (
                "Skip the dose you missed.",
                "Take your next dose at the usual time.",
                "**Never** take two doses at once.",
            )
            if en
            else (
                "No la tome tarde. Sáltela.",
                "Tome la siguiente dosis a la hora de siempre.",
                "**Nunca** tome dos dosis juntas.",
            )
        ),
        Heading(1, "Your visits" if en else "Sus citas"),
        BuiltBlock("followup_list"),
    )
    base = FilledHandout(
        kind="starting_ldn",
        version=1,
        language=language,
        title="Starting LDN: your dose schedule" if en else "Cómo empezar la LDN: su plan de dosis",
        blocks=blocks,
        schedule=SCHEDULE_EN if en else SCHEDULE_ES,
        dose_steps=STEPS,
        followups=FOLLOWUPS_EN if en else FOLLOWUPS_ES,
        notice=NOTICE_EN if en else NOTICE_ES,
    )
    return dataclasses.replace(base, **changes)


def wallet_card(language: str = "en", **changes: Any) -> FilledHandout:
    """A handout with a cut-out wallet card and no follow-ups yet."""
    en = language == "en"
    lines = (
        ("I take low-dose naltrexone (LDN)", f"Name: {PATIENT}", "Dose: 4.5 mg at bedtime",
         "LDN blocks opioid pain medicines.", f"Clinic: {CLINIC}, (512) 555-0100")
        if en
        else ("Tomo naltrexona en dosis baja (LDN)", f"Nombre: {PATIENT}", "Dosis: 4.5 mg al dormir",
              "La LDN bloquea los opioides.", f"Clínica: {CLINIC}, (512) 555-0100")
    )  # fmt: skip
    blocks: tuple[Block, ...] = (
        Paragraph(
            "Carry this card with you. Show it to any doctor, dentist or emergency team."
            if en
            else "Lleve esta tarjeta con usted. Muéstrela a cualquier médico, dentista "
            "o equipo de emergencia."
        ),
        Heading(1, "Your LDN wallet card" if en else "Su tarjeta de bolsillo"),
        WalletCard(lines),
        Heading(1, "Your next visit" if en else "Su próxima cita"),
        BuiltBlock("followup_list"),
    )
    base = FilledHandout(
        kind="wallet_card",
        version=1,
        language=language,
        title="Your LDN wallet card" if en else "Su tarjeta de bolsillo de LDN",
        blocks=blocks,
        notice=NOTICE_EN if en else NOTICE_ES,
    )
    return dataclasses.replace(base, **changes)


def condition_note(language: str = "en", **changes: Any) -> FilledHandout:
    """A condition note: sections, a subheading, a numbered list, and its sources."""
    en = language == "en"
    blocks: tuple[Block, ...] = (
        Heading(1, "What the studies found" if en else "Lo que encontraron los estudios"),
        Paragraph(
            "In small studies, some people with fibromyalgia had **less pain** and slept better on LDN. "
            "Other studies found little or no change. LDN helps some people, but not everyone."
            if en
            else "En estudios pequeños, algunas personas con fibromialgia tuvieron **menos dolor** "
            "y durmieron mejor con la LDN. Otros estudios no encontraron cambios. "
            "La LDN ayuda a algunas personas, pero no a todas."
        ),
        Heading(2, "How to tell if it helps" if en else "Cómo saber si le ayuda"),
        ItemList(
            (
                "Write down your pain each evening, from 0 to 10.",
                "Note how you slept.",
                "Bring your notes to each visit.",
            )
            if en
            else (
                "Anote su dolor cada noche, de 0 a 10.",
                "Anote cómo durmió.",
                "Traiga sus notas a cada cita.",
            ),
            numbered=True,
        ),
    )
    base = FilledHandout(
        kind="fibromyalgia",
        version=2,
        language=language,
        title="LDN and fibromyalgia" if en else "La LDN y la fibromialgia",
        blocks=blocks,
        sources=SOURCES,
        notice=NOTICE_EN if en else NOTICE_ES,
    )
    return dataclasses.replace(base, **changes)


def packet(language: str = "en", *handouts: FilledHandout, **changes: Any) -> HandoutPacket:
    base = HandoutPacket(
        language=language,
        patient_name=PATIENT,
        clinic_name=CLINIC,
        printed_on="December 1, 2026" if language == "en" else "1 de diciembre de 2026",
        handouts=handouts or (starting_ldn(language), wallet_card(language), condition_note(language)),
    )
    return dataclasses.replace(base, **changes)


# --- reading the PDF back -----------------------------------------------------------------------------


def pages_of(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    return b.pdf_text(pdf, tmp_path, layout=layout).split("\f")[:-1]


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[int, str, float, float]]:
    """(page, word, top, height) for every word, from `pdftotext -bbox`."""
    path = tmp_path / "bbox.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = []
    for number, page in enumerate(output.split("<page ")[1:], start=1):
        for match in re.finditer(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page
        ):
            top, bottom = float(match[1]), float(match[2])
            words.append((number, html.unescape(match[3]), top, bottom - top))
    return words


def point_sizes(pdf: bytes, tmp_path: Path, calibrate: str = "Starting") -> dict[str, list[float]]:
    """Each word's font size in points, from its box height. Poppler makes a word's box the
    font's ascent-to-descent height, a fixed multiple of the size: a word of the handout's
    title (known size; the largest box, not the footer's) measures that multiple."""
    words = word_boxes(pdf, tmp_path)
    title_height = max(height for _, word, _, height in words if word == calibrate)
    per_point = title_height / styles.HANDOUT_TITLE.fontSize
    sizes: dict[str, list[float]] = defaultdict(list)
    for _, word, _, height in words:
        sizes[word].append(round(height / per_point, 2))
    return sizes


def render(doc: HandoutPacket) -> bytes:
    return render_handouts(doc, invariant=True)


# --- what is printed ----------------------------------------------------------------------------------


def test_titles_headings_and_bold_text_without_asterisks(tmp_path: Path) -> None:
    flat = b.flat(b.pdf_text(render(packet()), tmp_path, layout=False))
    for expected in (
        "Starting LDN: your dose schedule",
        "Your LDN wallet card",
        "LDN and fibromyalgia",
        f"Prepared for {PATIENT} on December 1, 2026",
        "You will start on December 1, 2026 with a low dose",
        "some people with fibromyalgia had less pain and slept better",
        "Never take two doses at once.",
        "What the studies found",
        "How to tell if it helps",
    ):
        assert expected in flat, expected
    assert "**" not in flat


def test_bold_markers_turn_bold_and_everything_else_is_escaped() -> None:
    assert markup("Take **4.5 mg** at bedtime") == "Take <b>4.5\u00a0mg</b> at bedtime"
    assert markup("O'Brien <script> & **Peña**") == "O'Brien &lt;script&gt; &amp; <b>Peña</b>"
    assert markup("a ** b") == "a ** b"  # unpaired: printed as typed
    assert markup("**one** and ** two") == "<b>one</b> and ** two"


def test_schedule_rows_in_a_table_with_localised_headers(tmp_path: Path) -> None:
    five = (*SCHEDULE_EN, ScheduleRow("Tue, Jan 26, 2027", "and after", "6 mg", "12 capsules"))
    five = (*five[:3], ScheduleRow("Tue, Jan 12, 2027", "Mon, Jan 25, 2027", "4.5 mg", "9 capsules"), five[4])
    pdf = render(packet("en", starting_ldn(schedule=five)))
    text = b.pdf_text(pdf, tmp_path)
    assert re.search(r"From\s+To\s+Daily dose\s+How much each day", text)
    for row in five:
        assert re.search(
            r"\s+".join(re.escape(cell) for cell in (row.starts, row.ends, row.dose, row.amount)), text
        ), row
    spanish = b.pdf_text(render(packet("es", starting_ldn("es"))), tmp_path)
    assert re.search(r"Desde\s+Hasta\s+Dosis diaria\s+Cuánto cada día", spanish)
    assert re.search(r"mar 12 ene 2027\s+en adelante\s+4.5 mg\s+9 cápsulas", spanish)


def test_a_long_schedule_repeats_its_header_on_the_next_page(tmp_path: Path) -> None:
    rows = tuple(ScheduleRow(f"Day {n}", f"Day {n + 1}", "0.5 mg", "1 capsule") for n in range(1, 80, 2))
    pages = pages_of(render(packet("en", starting_ldn(schedule=rows))), tmp_path)
    with_rows = [page for page in pages if "Day 1 " in page or "Day 79" in page]
    assert len(with_rows) == 2
    assert all(re.search(r"From\s+To\s+Daily dose", page) for page in with_rows)


def test_step_chart_in_weeks_with_dose_labels(tmp_path: Path) -> None:
    flat = b.flat(b.pdf_text(render(packet("en", starting_ldn())), tmp_path))
    assert "Your daily dose over the weeks" in flat
    # 6 weeks of steps and 2 more for the open-ended last step: weeks 1 to 8.
    assert re.search(r"Week 1 2 3 4 5 6 7 8(?! 9)", flat)
    spanish = b.flat(b.pdf_text(render(packet("es", starting_ldn("es"))), tmp_path))
    assert "Su dosis diaria semana por semana" in spanish
    assert re.search(r"Semana 1 2 3 4 5 6 7 8", spanish)


def test_chart_scale_and_drawing_fonts() -> None:
    assert mg_ticks(Decimal("4.5")) == tuple(Decimal(n) for n in range(6))
    assert mg_ticks(Decimal("1.5"))[-1] == Decimal("1.5")
    assert mg_ticks(Decimal("0.5"))[-1] >= Decimal("0.5")
    drawing = step_chart(STEPS, "Week")
    assert (round(drawing.width), round(drawing.height)) == (468, 158)
    fonts = {getattr(shape, "fontName", None) for shape in drawing.getContents()} - {None}
    assert fonts <= {SANS, SANS_BOLD}
    labels = {shape.text for shape in drawing.getContents() if hasattr(shape, "text")}
    assert {"0.5 mg", "1.5 mg", "3 mg", "4.5 mg", "0 mg", "5 mg", "Week", "1", "8"} <= labels


def test_followups_listed_or_the_clinic_will_call(tmp_path: Path) -> None:
    flat = b.flat(b.pdf_text(render(packet()), tmp_path))
    assert "Your next follow-ups" not in flat  # the handout's own heading introduces the dates
    assert "December 15, 2026 Check on your new dose" in flat
    assert "March 1, 2027 Is LDN helping? (review)" in flat
    assert flat.count("We will call you to set the date of your next visit.") == 1  # the wallet card handout
    spanish = b.flat(b.pdf_text(render(packet("es")), tmp_path))
    assert "15 de diciembre de 2026 Revisar su nueva dosis" in spanish
    assert "Le llamaremos para fijar la fecha de su próxima cita." in spanish


def test_wallet_card_with_a_scissors_mark(tmp_path: Path) -> None:
    flat = b.flat(b.pdf_text(render(packet("en", wallet_card())), tmp_path, layout=False))
    cards = [block for block in wallet_card().blocks if isinstance(block, WalletCard)]
    for line in cards[0].lines:
        assert line in flat, line
    assert "✂" in flat  # the handout's own text says to cut the card out
    spanish = b.flat(b.pdf_text(render(packet("es", wallet_card("es"))), tmp_path, layout=False))
    assert "✂" in spanish


def test_a_card_with_many_lines_grows_rather_than_shrinks_or_spills(tmp_path: Path) -> None:
    lines = tuple(f"Line {n}: a longer line of text for the card" for n in range(1, 10))
    pdf = render(packet("en", wallet_card(blocks=(WalletCard(lines), Paragraph("After the card.")))))
    flat = b.flat(b.pdf_text(pdf, tmp_path, layout=False))
    assert all(line in flat for line in lines)
    words = word_boxes(pdf, tmp_path)
    last_line = max(top + height for _, word, top, height in words if word == "Line")
    after = next(top for _, word, top, _ in words if word == "After")
    assert last_line + styles.HANDOUT_CARD_PADDING <= after
    assert min(point_sizes(pdf, tmp_path, calibrate="wallet")["longer"]) >= 11 - 0.05


def test_sources_end_a_condition_note(tmp_path: Path) -> None:
    pdf = render(packet())
    flat = b.flat(b.pdf_text(pdf, tmp_path, layout=False))
    assert flat.count("Sources") == 1
    assert "1. Younger J, et al. Low-dose naltrexone for the treatment of fibromyalgia." in flat
    assert "2. Bruun KD, et al." in flat
    assert (
        flat.index("Bring your notes to each visit.")
        < flat.index("Sources")
        < flat.rindex("Texas Medical Board")
    )
    assert "Fuentes" in b.pdf_text(render(packet("es", condition_note("es"))), tmp_path)
    sizes = point_sizes(pdf, tmp_path)
    assert 9 <= min(sizes["Younger"]) <= 10


def test_the_notice_ends_every_handout_and_never_splits(tmp_path: Path) -> None:
    doc = packet()
    pdf = render(doc)
    flat = b.flat(b.pdf_text(pdf, tmp_path, layout=False))
    mentions = sum(b.flat(text).count("Texas Medical Board") for text in notice_texts(NOTICE_EN))
    assert flat.count("Texas Medical Board") == mentions * len(doc.handouts)
    assert flat.count("1-800-201-9353") == len(doc.handouts)
    # Each handout's last page holds the whole notice, from its first heading to the website.
    for page in pages_of(pdf, tmp_path, layout=False):
        page_flat = b.flat(page)
        if "Questions? Call us" in page_flat or "www.tmb.state.tx.us" in page_flat:
            assert page_flat.index("Questions? Call us") < page_flat.index("www.tmb.state.tx.us")


def notice_texts(blocks: tuple[Block, ...]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            texts.append(block.text)
        elif isinstance(block, ItemList):
            texts.extend(block.items)
    return texts


def test_a_long_handout_keeps_the_notice_whole_on_its_last_page(tmp_path: Path) -> None:
    filler = tuple(Paragraph(f"Paragraph {n}. " + "Plain words for patients. " * 14) for n in range(1, 12))
    doc = packet("en", condition_note(blocks=filler))
    pages = [b.flat(page) for page in pages_of(render(doc), tmp_path, layout=False)]
    assert len(pages) >= 2
    last = pages[-1]
    assert "Questions? Call us" in last
    assert "www.tmb.state.tx.us" in last
    assert all("Texas Medical Board" not in page for page in pages[:-1])


# --- pages, footers, metadata -------------------------------------------------------------------------


def test_each_handout_starts_on_a_new_page_with_its_own_page_count(tmp_path: Path) -> None:
    doc = packet()
    pages = [b.flat(page) for page in pages_of(render(doc), tmp_path)]
    starts = [number for number, page in enumerate(pages) if page.startswith(CLINIC)]
    assert len(starts) == len(doc.handouts)
    for start, handout in zip(starts, doc.handouts, strict=True):
        assert pages[start].startswith(f"{CLINIC} {handout.title}")
        assert re.search(r"Page 1 of \d+$", pages[start])
    for number, page in enumerate(pages):
        match = re.search(r"Page (\d+) of (\d+)$", page)
        assert match, page[-80:]
        assert (match[1] == "1") == (number in starts)
    # The footer names the clinic and the handout.
    assert f"{CLINIC} · LDN and fibromyalgia" in pages[-1]


def test_two_handouts_and_spanish_page_numbers(tmp_path: Path) -> None:
    pages = [
        b.flat(page)
        for page in pages_of(render(packet("es", starting_ldn("es"), wallet_card("es"))), tmp_path)
    ]
    firsts = [page for page in pages if re.search(r"Página 1 de \d+$", page)]
    assert len(firsts) == 2
    assert "Página 1 de 1" in pages[-1]  # the wallet card fits on one page
    assert "Preparado para Nguyễn Thị Hằng el 1 de diciembre de 2026" in pages[0]
    assert not any("Page " in page for page in pages)


def test_metadata_and_language(tmp_path: Path) -> None:
    for language, lang in (("en", b"/Lang (en-US)"), ("es", b"/Lang (es-US)")):
        doc = packet(language)
        pdf = render(doc)
        info = b.pdf_info(pdf, tmp_path)
        assert info["Title"] == doc.title
        assert info["Author"] == CLINIC
        assert info["Subject"] == "Patient education"
        assert info["Page size"].startswith("612 x 792")
        assert lang in pdf
    assert packet("en", wallet_card()).title == "Your LDN wallet card"
    assert b.pdf_info(render(packet()), tmp_path)["Title"] == (
        "Starting LDN: your dose schedule · Your LDN wallet card · LDN and fibromyalgia"
    )


def test_only_embedded_dejavu_fonts(tmp_path: Path) -> None:
    for doc in (packet("en"), packet("es")):
        fonts = b.pdf_fonts(render(doc), tmp_path)
        assert fonts
        assert all(embedded for _, embedded in fonts)
        assert {name.split("+")[-1] for name, _ in fonts} <= {SANS, SANS_BOLD, SANS_OBLIQUE}


def test_body_text_at_least_11_pt_and_the_notice_at_least_10_pt(tmp_path: Path) -> None:
    sizes = point_sizes(render(packet()), tmp_path)
    body_words = {
        "medicine.": "paragraph",
        "Skip": "bullet",
        "slept": "numbered item",
        "capsules": "schedule cell",
        "Check": "follow-up",
        "bedtime": "wallet card",
    }
    for word, where in body_words.items():
        assert sizes[word], word
        assert min(sizes[word]) >= 11 - 0.05, (where, sizes[word])
    for word in ("licenses", "complaint", "(toll", "Congress"):
        assert min(sizes[word]) >= 10.5 - 0.05, (word, sizes[word])
    # And as declared: every style patients read is 11 pt or more, the notice's 10 pt or more.
    for style in (
        styles.HANDOUT_BODY, styles.HANDOUT_BULLET, styles.HANDOUT_NUMBERED, styles.HANDOUT_CELL,
        styles.HANDOUT_CELL_BOLD, styles.HANDOUT_CELL_HEADER, styles.HANDOUT_CARD_LINE,
        styles.HANDOUT_PREPARED, styles.HANDOUT_SUBHEADING, styles.HANDOUT_HEADING,
    ):  # fmt: skip
        assert style.fontSize >= 11, style.name
        assert style.leading >= 1.25 * style.fontSize, style.name
    for style in (styles.HANDOUT_NOTICE_BODY, styles.HANDOUT_NOTICE_BULLET, styles.HANDOUT_NOTICE_HEADING):
        assert style.fontSize >= 10, style.name


@pytest.mark.parametrize(
    "name",
    [
        "Siobhán O'Brien",
        "Nguyễn Thị Hằng",
        "José Luis Peña",
        "Tom <script>alert(1)</script>",
        "Smith & Wesson",
    ],
)
def test_names_print_exactly_as_typed(tmp_path: Path, name: str) -> None:
    card = WalletCard((f"Name: {name}", "Dose: 4.5 mg"))
    handout = wallet_card(
        title=f"A card for {name}",
        blocks=(Paragraph(f"Hello **{name}**, & welcome <back>."), Heading(1, f"About {name}"), card),
    )
    doc = packet("en", handout, patient_name=name, clinic_name="O'Neil & Peña <Clinic>")
    pdf = render(doc)
    flat = b.flat(b.pdf_text(pdf, tmp_path, layout=False))
    for expected in (
        f"Prepared for {name} on December 1, 2026",
        f"Hello {name}, & welcome <back>.",
        f"About {name}",
        f"Name: {name}",
        "O'Neil & Peña <Clinic>",
    ):
        assert expected in flat, expected
    info = b.pdf_info(pdf, tmp_path)
    assert info["Title"] == f"A card for {name}"
    assert info["Author"] == "O'Neil & Peña <Clinic>"


def test_invariant_builds_are_identical() -> None:
    assert render(packet("es")) == render(packet("es"))
