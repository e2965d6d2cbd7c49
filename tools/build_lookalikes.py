"""Write ldnclinic/domain/data/lookalikes.json: every non-ASCII character that looks like an
ASCII letter, and that letter, from Unicode's confusables table (UTS #39) as the package
confusable-homoglyphs ships it. Run after upgrading that package:

    .venv/bin/python tools/build_lookalikes.py

tests/domain/test_lookalikes.py checks the shipped file against the package.
"""

from __future__ import annotations

import json
from pathlib import Path

from confusable_homoglyphs.confusables import confusables_data

TARGET = Path(__file__).resolve().parents[1] / "ldnclinic" / "domain" / "data" / "lookalikes.json"


def lookalike_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, homoglyphs in confusables_data.items():
        for glyph in (entry["c"] for entry in homoglyphs):
            if len(key) == 1 == len(glyph):
                if key.isascii() and key.isalpha() and not glyph.isascii():
                    table.setdefault(glyph, key.lower())
                elif glyph.isascii() and glyph.isalpha() and not key.isascii():
                    table.setdefault(key, glyph.lower())
    return dict(sorted(table.items()))


def main() -> None:
    TARGET.write_text(json.dumps(lookalike_table(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
