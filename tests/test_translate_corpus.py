"""The translation corpus: the lecture notes' sentences, deterministic seeds, one translation per sentence, tokens."""

import numpy as np
import pytest

from model.translate.grammar import (
    LECTURE_EXAMPLES,
    find_pair,
    has_final_consonant,
    make_corpus,
    make_pair,
    particle,
    render,
)
from model.translate.lexicon import VERBS
from model.translate.vocab import UNKNOWN, Vocab, tokenize
from training.translation_data import training_corpus

VOCABS = {lang: Vocab.for_language(lang) for lang in ("en", "ko")}


@pytest.mark.slow
@pytest.mark.parametrize(("english", "korean"), LECTURE_EXAMPLES)
def test_the_lecture_notes_sentences_are_the_grammars_word_for_word(english, korean):
    pair = find_pair(english)
    assert render(pair.ko, "ko") == korean
    assert tokenize(korean, "ko", VOCABS["ko"]).tokens == pair.ko
    assert tokenize(english, "en", VOCABS["en"]).tokens == pair.en


def test_korean_keeps_nouns_whole_and_splits_their_particles():
    assert tokenize("나는 학생입니다", "ko", VOCABS["ko"]).tokens == ("나", "는", "학생", "입니다")
    assert tokenize("그 동물은 너무 피곤해서 길을 건너지 않았다", "ko", VOCABS["ko"]).tokens == (
        "그", "동물", "은", "너무", "피곤해서", "길", "을", "건너지", "않았다")


@pytest.mark.slow
def test_the_training_corpus_holds_the_lecture_sentences():
    english = {render(p.en, "en") for p in training_corpus(2_000)}
    assert {en for en, _ in LECTURE_EXAMPLES} <= english


def test_a_seed_names_a_corpus():
    assert make_corpus(5, 300) == make_corpus(5, 300)
    assert make_corpus(5, 300) != make_corpus(6, 300)


def test_every_sentence_has_exactly_one_translation_each_way():
    rng = np.random.default_rng(11)
    pairs = [make_pair(rng, clauses=4, relative_p=0.5) for _ in range(20_000)]
    for source, target in (("en", "ko"), ("ko", "en")):
        translations = {}
        for pair in pairs:
            translations.setdefault(pair.tokens(source), set()).add(pair.tokens(target))
        assert all(len(t) == 1 for t in translations.values())


def test_korean_puts_the_verb_last_and_the_relative_clause_first():
    rng = np.random.default_rng(3)
    pairs = [p for p in (make_pair(rng, clauses=1, relative_p=1.0) for _ in range(2_000))
             if p.en[0] == "the" and p.en[2] in ("who", "that") and "because" not in p.en and p.ko[-1] != "?"]
    assert pairs
    for pair in pairs:
        verb = next((c for c in pair.en_concepts[6:] if c in VERBS), None)  # the main verb follows the clause
        if verb is None:  # "is a farmer": no verb
            continue
        assert pair.ko_concepts.index(verb) >= len(pair.ko) - 2  # last, or before 않았다/않는다
        # The clause's verb ("who likes") comes right before the head noun in Korean.
        assert pair.ko_concepts.index(pair.en_concepts[3]) < pair.ko_concepts.index(pair.en_concepts[1])


@pytest.mark.parametrize(("noun", "pair", "expected"), [
    ("학생", "은는", "은"), ("아기", "은는", "는"), ("책", "을를", "을"), ("사과", "을를", "를"),
    ("의사", "이가", "가"), ("선생님", "이가", "이"),
])
def test_particles_follow_the_final_consonant(noun, pair, expected):
    assert particle(noun, pair) == expected
    assert has_final_consonant(noun) == (expected == pair[0])


def test_typed_text_round_trips_through_tokens():
    for pair in make_corpus(8, 2_000, range(5), relative_p=0.6):
        for lang in ("en", "ko"):
            tokenized = tokenize(render(pair.tokens(lang), lang), lang, VOCABS[lang])
            assert tokenized.tokens == pair.tokens(lang) and not tokenized.unknown


def test_unknown_words_are_named_and_read_as_unk():
    result = tokenize("나는 피자를 먹었다", "ko", VOCABS["ko"])
    assert result.unknown == ("피자를",)
    assert result.tokens == ("나", "는", UNKNOWN, "먹었다")
    assert tokenize("I am an astronaut!", "en", VOCABS["en"]).unknown == ("astronaut",)


def test_every_content_word_has_its_counterpart():
    for pair in make_corpus(9, 500):
        content = [j for j, c in enumerate(pair.ko_concepts) if c]
        assert sorted(pair.alignment("en")) == content
        for j, i in pair.alignment("en").items():
            assert pair.en_concepts[i] == pair.ko_concepts[j]
