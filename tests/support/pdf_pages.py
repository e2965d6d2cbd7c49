"""One page per prescription: count a PDF's pages from the file itself, and watch every
prescription the test suite renders.

`page_count` reads the page objects of the PDF (ReportLab writes each page's dictionary
uncompressed, "/Type /Page"); `assert_one_page` is what printing and service tests call on
a prescription PDF. `watch_prescription_pages` (an autouse fixture in tests/conftest.py)
wraps the renderer's build step, so every prescription PDF made anywhere in the suite, by
the printing module, a service, the command line or the UI, is counted independently of
the renderer's own check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has (0 for bytes that are not a PDF)."""
    return len(_PAGE.findall(pdf)) if pdf.startswith(b"%PDF-") else 0


def assert_one_page(pdf: bytes) -> None:
    count = page_count(pdf)
    assert count == 1, f"a prescription PDF has {count} pages; it must be exactly one"


@contextmanager
def watch_prescription_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Record every PDF `render_prescription` settles on and assert each has one page."""
    from ldnclinic.printing import prescription

    built = prescription._render
    returned: list[bytes] = []

    def counted(*args: Any, **kwargs: Any) -> tuple[bytes, int]:
        pdf, pages = built(*args, **kwargs)
        assert page_count(pdf) == pages, "the renderer miscounted the pages it built"
        if pages == 1:
            returned.append(pdf)
        return pdf, pages

    monkeypatch.setattr(prescription, "_render", counted)
    yield returned
    for pdf in returned:
        assert_one_page(pdf)
