"""Tokens of the translation corpus: every word the grammar can write, and typed text cut into them.

English is lower-cased and split at spaces, with "?" its own token. Korean is split at spaces, then a
word the vocabulary lacks is cut into a known word and a particle ("학생입니다" -> 학생 + 입니다).
"""

import re
import unicodedata
from dataclasses import dataclass

from model.translate.lexicon import (
    FEELINGS,
    JOBS,
    NOUNS,
    PARTICLES,
    PLACE_PREPOSITION,
    PLACES,
    PRONOUNS,
    STATES,
    TIMES,
    VERBS,
)

PAD, START, STOP, UNKNOWN = "<pad>", "<s>", "</s>", "<unk>"
SPECIALS = (PAD, START, STOP, UNKNOWN)

_FUNCTION_WORDS = {
    "en": ("the", "a", "an", "who", "that", "am", "is", "are", "was", "were", "do", "does", "did", "don't",
           "doesn't", "didn't", "not", "because", "too", "in", "at", "it", "?"),
    "ko": ("그", "않는다", "않았다", "아닙니다", "너무", "?") + PARTICLES,
}


def lexicon_words(lang: str) -> tuple[str, ...]:
    """Every token the grammar can write in `lang`, sorted."""
    words = set(_FUNCTION_WORDS[lang])
    if lang == "en":
        words |= set(NOUNS) | set(JOBS) | set(PRONOUNS) | set(FEELINGS) | set(PLACES) | set(TIMES) | set(STATES)
        words |= {form for verb in VERBS.values() for form in verb.en} | set(PLACE_PREPOSITION.values())
    else:
        words |= {n.ko for n in NOUNS.values()} | {n.ko for n in JOBS.values()} | {p[0] for p in PRONOUNS.values()}
        words |= set(FEELINGS.values()) | {ko for _, ko in PLACES.values()} | {ko for ko, _ in TIMES.values()}
        words |= {w for words_ in STATES.values() for w in words_} | {f for v in VERBS.values() for f in v.ko}
    return tuple(sorted(words))


@dataclass(frozen=True)
class Vocab:
    tokens: tuple[str, ...]  # id -> token; the specials first

    def __post_init__(self):
        object.__setattr__(self, "_ids", {t: i for i, t in enumerate(self.tokens)})

    @classmethod
    def for_language(cls, lang: str) -> "Vocab":
        return cls(SPECIALS + lexicon_words(lang))

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token: str) -> bool:
        return token in self._ids

    def id(self, token: str) -> int:
        return self._ids.get(token, self._ids[UNKNOWN])

    def ids(self, tokens) -> list[int]:
        return [self.id(t) for t in tokens]

    def words(self) -> tuple[str, ...]:
        """The tokens a person can type, without the specials."""
        return self.tokens[len(SPECIALS):]


@dataclass(frozen=True)
class Tokenized:
    tokens: tuple[str, ...]
    unknown: tuple[str, ...]  # typed words that could not be cut into known tokens, in order


def _split_korean(word: str, vocab: Vocab) -> list[str] | None:
    """A known word, or the longest known word followed by a known particle; None when neither fits."""
    if word in vocab:
        return [word]
    for cut in range(len(word) - 1, 0, -1):
        if word[:cut] in vocab and word[cut:] in PARTICLES:
            return [word[:cut], word[cut:]]
    return None


def tokenize(text: str, lang: str, vocab: Vocab) -> Tokenized:
    """Typed text -> tokens of `vocab`, naming the words it lacks (kept as <unk>)."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("？", "?")
    text = re.sub(r"[.,!;:\"“”]", " ", text).replace("?", " ? ")
    tokens, unknown = [], []
    for word in text.split():
        word = word.lower() if lang == "en" else word
        pieces = [word] if lang == "en" and word in vocab else _split_korean(word, vocab) if lang == "ko" else None
        if pieces is None:
            unknown.append(word)
            pieces = [UNKNOWN]
        tokens += pieces
    return Tokenized(tuple(tokens), tuple(unknown))
