"""The handout library: <language>/<kind>.txt and _notice.txt, shipped as package data in
ldnclinic/resources/handouts.

Read fresh when asked (a clinician may have edited a file), checked as a whole: every file
parses, uses only known placeholders, and exists in every language with the same version,
placeholders and blocks. A broken library is a clear error naming the file, never a blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ldnclinic.domain.errors import DomainError
from ldnclinic.domain.handouts.language import LANGUAGES
from ldnclinic.domain.handouts.texts import (
    NOTICE_NAME,
    HandoutFormatError,
    HandoutText,
    handout_problems,
    parse_handout,
    translation_problems,
)

NOTICE_PLACEHOLDERS = ("clinic_name", "clinic_phone", "clinic_address")


class HandoutLibraryError(DomainError):
    """The handout files have problems; the message lists them."""


@dataclass(frozen=True)
class HandoutLibrary:
    texts: dict[tuple[str, str], HandoutText]  # (language, kind) -> text
    notices: dict[str, HandoutText]  # language -> notice
    problems: tuple[str, ...] = field(default=())

    def kinds(self) -> list[str]:
        english = [text for (language, _), text in self.texts.items() if language == "en"]
        return [text.kind for text in sorted(english, key=lambda t: (t.order, t.kind))]

    def get(self, language: str, kind: str) -> HandoutText:
        text = self.texts.get((language, kind))
        if text is None:
            known = ", ".join(self.kinds())
            raise DomainError(f"There is no handout “{kind[:40]}” in {language}. Handouts: {known}.")
        return text

    def checked(self) -> HandoutLibrary:
        if self.problems:
            raise HandoutLibraryError("The handout files need fixing: " + " ".join(self.problems))
        return self


def bundled_handouts() -> Traversable:
    """The handout texts shipped with the app (package data: ldnclinic/resources/handouts)."""
    return resources.files("ldnclinic.resources").joinpath("handouts")


def load_library(folder: Path | None = None) -> HandoutLibrary:
    """The texts in `folder`/<language>/ (default: the bundled ones), read and checked."""
    if folder is None:
        with resources.as_file(bundled_handouts()) as bundled:
            return load_library(bundled)
    texts: dict[tuple[str, str], HandoutText] = {}
    notices: dict[str, HandoutText] = {}
    problems: list[str] = []
    for language in LANGUAGES:
        for path in sorted((folder / language).glob("*.txt")):
            name = f"{language}/{path.name}"
            try:
                raw = path.read_text(encoding="utf-8")
                if path.stem == NOTICE_NAME:
                    notices[language] = parse_handout(raw, language=language, name=name, header=False)
                    problems += handout_problems(notices[language], allowed=NOTICE_PLACEHOLDERS)
                    continue
                text = parse_handout(raw, language=language, name=name)
            except (HandoutFormatError, UnicodeDecodeError) as error:
                problems.append(str(error))
                continue
            if text.kind != path.stem:
                problems.append(f"{name}: its `kind:` is {text.kind}; it must match the file name.")
            problems += handout_problems(text)
            texts[(language, text.kind)] = text
        if language not in notices:
            problems.append(
                f"{language}/{NOTICE_NAME}.txt is missing (the clinic contact and complaint notice)."
            )
    problems += _translation_gaps(texts)
    return HandoutLibrary(texts, notices, tuple(problems))


def _translation_gaps(texts: dict[tuple[str, str], HandoutText]) -> list[str]:
    problems = []
    kinds = sorted({kind for _, kind in texts})
    for kind in kinds:
        original = texts.get(("en", kind))
        for language in LANGUAGES:
            translation = texts.get((language, kind))
            if translation is None:
                problems.append(f"{language}/{kind}.txt is missing: every handout needs every language.")
            elif original is not None and language != "en":
                problems += translation_problems(original, translation)
    return problems
