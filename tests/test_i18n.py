import itertools
import re

from i18n import LANGUAGES, TEXT, t
from i18n.shapes import class_name, photo_note, photo_title, shape_note, shape_title
from model.catalog import bundled_card
from model.samples import load_samples


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


def test_every_shape_class_and_sample_has_both_languages():
    hangul = re.compile("[가-힣]")
    for name in bundled_card()["classes"]:
        assert class_name(name, "en") == name
        assert hangul.search(class_name(name, "ko")), name
    samples = load_samples()
    assert samples
    for sample in samples:
        for text in (sample.title, sample.note):
            assert text("en") and not hangul.search(text("en")), sample.file
            assert hangul.search(text("ko")), sample.file


def test_samples_json_says_what_i18n_shapes_says():
    # make samples writes the titles and notes from i18n/shapes.py; they must not drift apart.
    classes = bundled_card()["classes"]
    titles = {shape_title(case, label, "en"): shape_title(case, label, "ko")
              for case in ("shape", "plain", "mistake", "handmade") for label in classes}
    notes = {shape_note(*facts, "en"): shape_note(*facts, "ko")
             for facts in itertools.product(classes, classes, [p / 100 for p in range(101)], (False, True))}
    for sample in load_samples():
        if sample.kind == "photo":
            assert [sample.title(lang) for lang in LANGUAGES] == [photo_title(sample.file, lang) for lang in LANGUAGES]
            assert [sample.note(lang) for lang in LANGUAGES] == [photo_note(lang) for lang in LANGUAGES]
        else:
            assert titles.get(sample.title_en) == sample.title_ko, sample.file
            assert notes.get(sample.note_en) == sample.note_ko, sample.file
