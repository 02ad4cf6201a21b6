"""Typed text (`clean_text`), cleaned for a tokenizer.

Invisible and control characters are removed (with a notice saying how many), line breaks
normalised to "\\n", the result NFC-normalised and stripped. The text is data: nothing here or
downstream interprets it as HTML or Markdown. Truncation to the model's token limit happens
later, in the tokenizer step.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from model.errors import AtlasError, Notice

MAX_TEXT_CHARS = 100_000  # typed text longer than this is refused, not just truncated


@dataclass(frozen=True)
class CleanText:
    """Typed text, cleaned: `text` is NFC, stripped, free of invisible and control characters."""

    text: str
    notices: tuple[Notice, ...] = ()


_INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x200E)]  # zero-width space, non-joiner, joiner
    + ["\u2060", "\ufeff", "\u00ad", "\u180e"]  # word joiner, BOM / ZWNBSP, soft hyphen, MVS
    + ["\u200e", "\u200f", "\u061c"]  # left-to-right, right-to-left, Arabic letter marks
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
)
_KEPT_CONTROLS = frozenset("\n\t")


def clean_text(text: str | None, *, max_chars: int = MAX_TEXT_CHARS) -> CleanText:
    """Clean typed text for a tokenizer, or explain why there is nothing to use.

    Line breaks ("\\r\\n", "\\r") become "\\n"; tabs and line breaks are kept; every other
    control character, the zero-width and bidi-control characters and lone surrogates are
    removed (a notice says how many); the rest is NFC-normalised and stripped.

    Raises:
        AtlasError: text_empty (nothing visible left), text_too_long (over `max_chars`).
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > max_chars:
        raise AtlasError(
            "text_too_long",
            "The text is {length} characters long; the limit is {limit}. Shorten it (the model "
            "reads only the first few hundred words anyway) and try again.",
            length=f"{len(text):,}", limit=f"{max_chars:,}",
        )
    kept = [ch for ch in text if not _is_invisible(ch)]
    removed = len(text) - len(kept)
    cleaned = unicodedata.normalize("NFC", "".join(kept)).strip()
    if not cleaned:
        raise AtlasError("text_empty", "There is no text to read. Type or paste a sentence first.")
    notices = ()
    if removed:
        notices = (Notice(
            "text_invisible_removed",
            "{count} invisible or control characters were removed from the text.",
            {"count": removed},
        ),)
    return CleanText(text=cleaned, notices=notices)


def _is_invisible(ch: str) -> bool:
    if ch in _INVISIBLE:
        return True
    category = unicodedata.category(ch)
    return (category == "Cc" and ch not in _KEPT_CONTROLS) or category == "Cs"
