"""How a printed document leaves the app, so the ledger records only what really came out.

A service that records a print (an original prescription, a reprint, handouts given) takes a
`Deliver` callback: it renders the PDF, hands the bytes to `deliver` inside its transaction,
and records the print only if `deliver` returned. The UI delivers to a printer (every page
painted); the command line and "Save PDF…" deliver to a `PdfFile`, written atomically (a
temporary file in the same folder, then `os.replace`), so a half-written PDF never sits
under the name asked for.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ldnclinic.domain.errors import DomainError

Deliver = Callable[[bytes], None]


class DeliveryError(DomainError):
    """The document did not come out (the file could not be written); nothing was recorded."""


def unwritable_reason(path: Path) -> str | None:
    """Why a PDF cannot be written to `path` (checked before anything is rendered), or None."""
    try:
        if path.is_dir():
            return f"{path} is a folder; give a file name such as {path / 'document.pdf'}"
        folder = path.parent
        if not folder.is_dir():
            return f"the folder {folder} does not exist"
    except OSError as error:  # a name too long, a folder that cannot be read
        return error.strerror or str(error)
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} cannot be written to"
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all; raises `DeliveryError` with the reason."""
    reason = unwritable_reason(path)
    if reason is not None:
        raise DeliveryError(f"The PDF could not be saved to {path}: {reason}.")
    temporary: Path | None = None
    try:
        # Hidden, in the same folder (so the replace is a rename), and never a longer name than asked for.
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:80]}.", suffix=".part")
        temporary = Path(name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)  # os.replace: atomic on the same file system
        temporary = None
    except OSError as error:
        why = error.strerror or str(error)
        raise DeliveryError(f"The PDF could not be saved to {path}: {why}.") from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()


class PdfFile:
    """A `Deliver` that writes the PDF to `path` (atomically) and remembers that it did.

    If the print could not be recorded after the file was written (a conflict, a lost
    database), `discard()` removes the file again, so no unrecorded original is left behind.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written = False

    def __call__(self, pdf: bytes) -> None:
        write_atomically(self.path, pdf)
        self.written = True

    def discard(self) -> None:
        if self.written:
            with contextlib.suppress(OSError):
                self.path.unlink()
            self.written = False
