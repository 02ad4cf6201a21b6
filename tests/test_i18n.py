from i18n import LANGUAGES, TEXT, t


def test_every_text_has_every_language():
    missing = {key: sorted(set(LANGUAGES) - set(texts)) for key, texts in TEXT.items() if set(LANGUAGES) - set(texts)}
    assert not missing


def test_placeholders_agree_between_languages():
    import string

    def fields(s):
        try:
            return {name for _, name, _, _ in string.Formatter().parse(s) if name}
        except ValueError:  # LaTeX braces: a string shown as is, never formatted
            return {"<not a format string>"}

    mismatched = [key for key, texts in TEXT.items() if len({frozenset(fields(v)) for v in texts.values()}) > 1]
    assert not mismatched


def test_unknown_language_falls_back_to_default():
    assert t("nav.image", "xx") == TEXT["nav.image"]["en"]
