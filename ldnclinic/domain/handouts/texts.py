"""Patient handouts as data: the text format clinicians edit, read into blocks, and checked.

A handout file has a header (`name: value` lines), a `---` line, then blocks separated by
blank lines: `= heading`, `== subheading`, `- bullets`, `1. numbered`, paragraphs,
`[[block]]` lines the app builds (schedule table, step chart, follow-up list) and a
`[[wallet_card]]` ... `[[/wallet_card]]` cut-out card. `{name}` placeholders are filled per
patient; only the names in PLACEHOLDERS exist. See ldnclinic/resources/handouts/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PLACEHOLDERS = frozenset(
    {
        "greeting_name", "patient_name", "clinic_name", "clinic_phone", "clinic_address", "print_date",
        "prescriber_name", "medication", "strength", "dosage_form", "dose_time", "start_date",
        "target_dose", "target_date", "pharmacy_name", "pharmacy_phone",
    }
)  # fmt: skip
PRESCRIPTION_PLACEHOLDERS = frozenset(
    {
        "medication", "strength", "dosage_form", "dose_time", "start_date", "target_dose", "target_date",
        "pharmacy_name", "pharmacy_phone",
    }
)  # fmt: skip
BUILT_BLOCKS = frozenset({"schedule_table", "step_chart", "followup_list"})
PRESCRIPTION_BLOCKS = frozenset({"schedule_table", "step_chart"})
NOTICE_NAME = "_notice"

_KIND = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NUMBERED = re.compile(r"^\d{1,2}\.\s+")
_BLOCK = re.compile(r"^\[\[(/?[a-z_]+)\]\]$")


class HandoutFormatError(ValueError):
    """A handout file cannot be read; the message names the file and the line."""


class MissingValueError(KeyError):
    """A placeholder has no value for this patient (for example no prescription yet)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 section, 2 subsection
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class ItemList:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True, slots=True)
class BuiltBlock:
    name: str  # one of BUILT_BLOCKS


@dataclass(frozen=True, slots=True)
class WalletCard:
    lines: tuple[str, ...]


Block = Heading | Paragraph | ItemList | BuiltBlock | WalletCard


@dataclass(frozen=True, slots=True)
class HandoutText:
    kind: str
    language: str
    version: int
    title: str
    blocks: tuple[Block, ...]
    needs_prescription: bool = False
    order: int = 100
    sources: tuple[str, ...] = ()

    def texts(self) -> list[str]:
        """Every string a patient reads (title, headings, paragraphs, items, card lines)."""
        found = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                found.append(block.text)
            elif isinstance(block, ItemList):
                found.extend(block.items)
            elif isinstance(block, WalletCard):
                found.extend(block.lines)
        return found

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(name for text in self.texts() for name in _PLACEHOLDER.findall(text))

    @property
    def built_blocks(self) -> tuple[str, ...]:
        return tuple(block.name for block in self.blocks if isinstance(block, BuiltBlock))

    @property
    def shape(self) -> tuple[str, ...]:
        """The block kinds in order (what a translation must share)."""
        return tuple(
            type(block).__name__ + (f":{block.name}" if isinstance(block, BuiltBlock) else "")
            for block in self.blocks
        )


def parse_handout(text: str, *, language: str, name: str, header: bool = True) -> HandoutText:
    """Read one handout file (`name` is for messages). `header=False` for the notice file."""
    lines = text.replace("\r\n", "\n").replace("\ufeff", "").split("\n")
    fields: dict[str, str] = {}
    start = 0
    if header:
        fields, start = _header(lines, name)
    blocks = _blocks(lines, start, name)
    kind = fields.get("kind", NOTICE_NAME if not header else "")
    if header and not _KIND.match(kind):
        raise HandoutFormatError(f"{name}: the header needs `kind:` (lower-case letters, digits and _).")
    version = fields.get("version", "1" if not header else "")
    if not version.isdigit() or int(version) < 1:
        raise HandoutFormatError(f"{name}: `version:` must be a whole number of 1 or more.")
    order = fields.get("order", "100")
    if not order.isdigit():
        raise HandoutFormatError(f"{name}: `order:` must be a whole number.")
    needs = fields.get("needs", "")
    if needs not in ("", "prescription"):
        raise HandoutFormatError(f"{name}: `needs:` can only be `prescription`.")
    title = fields.get("title", "")
    if header and not title:
        raise HandoutFormatError(f"{name}: the header needs `title:`.")
    sources = tuple(part.strip() for part in fields.get("sources", "").split("|") if part.strip())
    return HandoutText(
        kind=kind,
        language=language,
        version=int(version),
        title=title,
        blocks=tuple(blocks),
        needs_prescription=needs == "prescription",
        order=int(order),
        sources=sources,
    )


def _header(lines: list[str], name: str) -> tuple[dict[str, str], int]:
    fields: dict[str, str] = {}
    for number, line in enumerate(lines):
        if line.strip() == "---":
            return fields, number + 1
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in ("kind", "version", "title", "needs", "order", "sources"):
            raise HandoutFormatError(
                f"{name}, line {number + 1}: “{line.strip()[:60]}” is not a header line."
            )
        if key in fields:
            raise HandoutFormatError(f"{name}, line {number + 1}: `{key}:` is given twice.")
        fields[key] = value.strip()
    raise HandoutFormatError(f"{name}: the header must end with a line holding only ---.")


def _blocks(lines: list[str], start: int, name: str) -> list[Block]:
    reader = _BlockReader(name)
    for number, raw in enumerate(lines[start:], start=start + 1):
        reader.read(raw.strip(), f"{name}, line {number}")
    return reader.finish()


class _BlockReader:
    """Turns body lines into blocks, one line at a time."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.items: list[str] = []
        self.numbered = False
        self.card: list[str] | None = None

    def flush(self) -> None:
        if self.paragraph:
            self.blocks.append(Paragraph(" ".join(self.paragraph)))
            self.paragraph.clear()
        if self.items:
            self.blocks.append(ItemList(tuple(self.items), self.numbered))
            self.items.clear()

    def read(self, line: str, where: str) -> None:
        block = _BLOCK.match(line)
        if self.card is not None:
            self._card_line(line, block, where)
        elif not line:
            self.flush()
        elif block:
            self._block(block.group(1), where)
        elif line.startswith("="):
            self.flush()
            text = line.lstrip("=").strip()
            if not text:
                raise HandoutFormatError(f"{where}: a heading needs text after the = signs.")
            self.blocks.append(Heading(2 if line.startswith("==") else 1, text))
        elif line.startswith("- ") or _NUMBERED.match(line):
            numbered = not line.startswith("- ")
            if self.paragraph or (self.items and numbered != self.numbered):
                self.flush()
            self.numbered = numbered
            self.items.append(_NUMBERED.sub("", line) if numbered else line[2:].strip())
        else:
            if self.items:
                self.flush()
            self.paragraph.append(line)

    def _card_line(self, line: str, block: re.Match[str] | None, where: str) -> None:
        assert self.card is not None
        if block and block.group(1) == "/wallet_card":
            self.blocks.append(WalletCard(tuple(self.card)))
            self.card = None
        elif block:
            raise HandoutFormatError(f"{where}: close the wallet card with [[/wallet_card]] first.")
        elif line:
            self.card.append(line)

    def _block(self, name: str, where: str) -> None:
        self.flush()
        if name == "wallet_card":
            self.card = []
        elif name in BUILT_BLOCKS:
            self.blocks.append(BuiltBlock(name))
        else:
            raise HandoutFormatError(f"{where}: [[{name}]] is not a block the app can build.")

    def finish(self) -> list[Block]:
        if self.card is not None:
            raise HandoutFormatError(f"{self.name}: the wallet card is never closed with [[/wallet_card]].")
        self.flush()
        return self.blocks


def handout_problems(handout: HandoutText, *, allowed: Iterable[str] = PLACEHOLDERS) -> list[str]:
    """What is wrong with a handout that parsed: unknown placeholders, stray braces, and
    prescription placeholders or blocks in a handout that does not say `needs: prescription`."""
    known = frozenset(allowed)
    problems = []
    where = f"{handout.language}/{handout.kind}"
    for text in handout.texts():
        for found in _PLACEHOLDER.findall(text):
            if found not in known:
                problems.append(f"{where}: {{{found}}} is not a placeholder the app knows.")
        if _PLACEHOLDER.sub("", text).count("{") or _PLACEHOLDER.sub("", text).count("}"):
            problems.append(f"{where}: a {{ or }} without its pair in “{text[:50]}”.")
    if not handout.needs_prescription:
        for found in sorted(handout.placeholders & PRESCRIPTION_PLACEHOLDERS):
            problems.append(f"{where}: {{{found}}} needs `needs: prescription` in the header.")
        for found in sorted(set(handout.built_blocks) & PRESCRIPTION_BLOCKS):
            problems.append(f"{where}: [[{found}]] needs `needs: prescription` in the header.")
    return problems


def translation_problems(original: HandoutText, translation: HandoutText) -> list[str]:
    """A translation must match its original's version, order, needs, placeholders and blocks."""
    where = f"{translation.language}/{translation.kind}"
    problems = []
    for label, mine, theirs in (
        ("version", translation.version, original.version),
        ("order", translation.order, original.order),
        ("needs", translation.needs_prescription, original.needs_prescription),
        ("placeholders", sorted(translation.placeholders), sorted(original.placeholders)),
        ("built blocks", translation.built_blocks, original.built_blocks),
        ("wallet card", _has_card(translation), _has_card(original)),
    ):
        if mine != theirs:
            problems.append(f"{where}: its {label} ({mine}) differ from {original.language}'s ({theirs}).")
    return problems


def _has_card(handout: HandoutText) -> bool:
    return any(isinstance(block, WalletCard) for block in handout.blocks)


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each {placeholder} replaced; a missing value raises MissingValueError."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise MissingValueError(name)
        return values[name]

    return _PLACEHOLDER.sub(value, text)


def plain_text(handout: HandoutText, values: Mapping[str, str]) -> str:
    """The filled text a patient reads, as sentences (for reading-level measures): markup,
    built blocks and the wallet card left out, bold markers removed."""
    parts = []
    for block in handout.blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(fill(block.text, values))
        elif isinstance(block, ItemList):
            parts.extend(fill(item, values) for item in block.items)
    cleaned = [part.replace("**", "").strip() for part in parts]
    return "\n".join(part if part.endswith((".", "!", "?", ":")) else part + "." for part in cleaned if part)
