"""UI text in English and Korean.

Each page keeps its strings in its own table (`i18n/<page>.py`, a dict of
key -> {"en": ..., "ko": ...}); `t` looks a key up in the merged table.
"""

from i18n import caption, common, errors, image, sentence, shapes, toy, translation

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"

TEXT: dict[str, dict[str, str]] = {}
for _table in (caption.TEXT, common.TEXT, errors.TEXT, image.TEXT, sentence.TEXT, shapes.TEXT, toy.TEXT,
               translation.TEXT):
    _clash = TEXT.keys() & _table.keys()
    assert not _clash, f"UI text keys defined twice: {sorted(_clash)}"
    TEXT.update(_table)


def t(key: str, lang: str, **fmt) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled from `fmt`."""
    text = TEXT[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**fmt) if fmt else text
