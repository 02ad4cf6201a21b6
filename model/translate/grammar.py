"""A small grammar that writes each sentence in English and Korean at once, with which word translates which.

Korean puts the verb last (subject-object-verb) and the relative clause before its noun, so the
alignment is far from a diagonal: "the boy who likes the cat ate an apple" is
"고양이 를 좋아하는 그 소년 은 사과 를 먹었다". Nouns are split from their particles
(학생 + 은), so 학생 stays one token; verbs stay whole words.

A seed names a corpus: the same seed gives the same sentences. The lecture notes' three examples
are sentences of this grammar, word for word (tests/test_translate_corpus.py).
"""

from dataclasses import dataclass

import numpy as np

from model.translate.lexicon import (
    ANIMATE,
    FEELINGS,
    JOBS,
    NOUNS,
    PARTICLES,
    PEOPLE,
    PLACE_PREPOSITION,
    PLACES,
    PRONOUNS,
    STATES,
    THIRD_PERSON,
    TIMES,
    VERBS,
)

LANGUAGES = ("en", "ko")


@dataclass(frozen=True)
class Pair:
    """One sentence in both languages, as tokens, with the concept each content word stands for ("" if none)."""

    en: tuple[str, ...]
    ko: tuple[str, ...]
    en_concepts: tuple[str, ...]
    ko_concepts: tuple[str, ...]
    clauses: int  # relative clauses in it: what makes a sentence long

    def tokens(self, lang: str) -> tuple[str, ...]:
        return self.en if lang == "en" else self.ko

    def concepts(self, lang: str) -> tuple[str, ...]:
        return self.en_concepts if lang == "en" else self.ko_concepts

    def alignment(self, source: str) -> dict[int, int]:
        """Target content-word position -> the source position of its counterpart."""
        target = "ko" if source == "en" else "en"
        where = {c: i for i, c in enumerate(self.concepts(source)) if c}
        return {j: where[c] for j, c in enumerate(self.concepts(target)) if c and c in where}


def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable ends in a consonant (batchim): it picks 은/는, 이/가, 을/를."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def particle(word: str, pair: str) -> str:
    """'은는' -> 은 after a consonant, 는 after a vowel."""
    return pair[0] if has_final_consonant(word) else pair[1]


class _Writer:
    """Builds one sentence: each method returns (English words, Korean words), each word a (token, concept)."""

    def __init__(self, rng: np.random.Generator, clauses: int, relative_p: float):
        self.rng = rng
        self.clauses_left = clauses
        self.relative_p = relative_p
        self.clauses = 0

    def pick(self, options):
        options = tuple(options)
        return options[self.rng.integers(len(options))]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def relative(self, noun: str) -> tuple[list, list]:
        """'who likes the cat' / '고양이 를 좋아하는', or nothing."""
        if self.clauses_left <= 0 or not self.chance(self.relative_p):
            return [], []
        self.clauses_left -= 1
        self.clauses += 1
        verb = VERBS[self.pick(VERBS)]
        obj_en, obj_ko = self.object(verb)
        that = "who" if noun in PEOPLE else "that"
        return [(that, ""), (verb.en[1], verb.en[0])] + obj_en, obj_ko + [(verb.ko[5], verb.en[0])]

    def object(self, verb) -> tuple[list, list]:
        """'the girl who draws a picture' / '그림 을 그리는 소녀 를'."""
        noun = NOUNS[self.pick(verb.objects)]
        rel_en, rel_ko = self.relative(noun.en) if noun.en in ANIMATE else ([], [])
        article = "the" if noun.en in ANIMATE else noun.article
        ko = rel_ko + [(noun.ko, noun.en), (particle(noun.ko, "을를"), "")]
        return [(article, ""), (noun.en, noun.en)] + rel_en, ko

    def subject(self, pronoun_p: float = 0.3, pronouns=tuple(PRONOUNS), nouns=ANIMATE) -> tuple[list, list, str]:
        """(English, Korean with its topic particle, the English subject word: a pronoun or a noun)."""
        if self.chance(pronoun_p):
            word = self.pick(pronouns)
            ko = PRONOUNS[word][0]
            return [(word, "")], [(ko, ""), (particle(ko, "은는"), "")], word
        noun = NOUNS[self.pick(nouns)]
        rel_en, rel_ko = self.relative(noun.en)
        ko = rel_ko + [("그", ""), (noun.ko, noun.en), (particle(noun.ko, "은는"), "")]
        return [("the", ""), (noun.en, noun.en)] + rel_en, ko, noun.en

    def transitive(self) -> tuple[list, list]:
        subj_en, subj_ko, who = self.subject()
        verb = VERBS[self.pick(VERBS)]
        obj_en, obj_ko = self.object(verb)
        tense = self.pick(("present", "past"))
        question = self.chance(0.2)
        negative = not question and self.chance(0.3)
        third = who not in PRONOUNS or who in THIRD_PERSON
        place_en, place_ko = [], []
        if self.chance(0.3):
            place = self.pick(PLACES)
            article, ko = PLACES[place]
            place_en = [(PLACE_PREPOSITION[place], "")] + ([(article, "")] if article else []) + [(place, place)]
            place_ko = [(ko, place), ("에서", "")]
        time_en, time_ko = [], []
        if self.chance(0.3):
            time = self.pick(t for t, (_, tenses) in TIMES.items() if tense in tenses)
            time_en, time_ko = [(time, time)], [(TIMES[time][0], time)]
        lemma = verb.en[0]
        if question:
            aux = {"past": "did", "present": "does" if third else "do"}[tense]
            en = [(aux, "")] + subj_en + [(lemma, lemma)] + obj_en + place_en + time_en + [("?", "")]
            ko_verb = [(verb.ko[4 if tense == "past" else 3], lemma), ("?", "")]
        elif negative:
            aux = {"past": "didn't", "present": "doesn't" if third else "don't"}[tense]
            en = subj_en + [(aux, ""), (lemma, lemma)] + obj_en + place_en + time_en
            ko_verb = [(verb.ko[2], lemma), ("않았다" if tense == "past" else "않는다", "")]
        else:
            form = verb.en[2] if tense == "past" else verb.en[1] if third else lemma
            en = subj_en + [(form, lemma)] + obj_en + place_en + time_en
            ko_verb = [(verb.ko[1 if tense == "past" else 0], lemma)]
        return en, subj_ko + time_ko + place_ko + obj_ko + ko_verb

    def copula(self) -> tuple[list, list]:
        """'i am a student' / '나 는 학생 입니다'."""
        # A job is one person: plural subjects would need "we are students".
        subj_en, subj_ko, who = self.subject(0.6, ("i", "you", "he", "she"), tuple(PEOPLE))
        job = JOBS[self.pick(JOBS)]
        be = PRONOUNS[who][1] if who in PRONOUNS else "is"
        noun = [(job.article, ""), (job.en, "job:" + job.en)]
        ko_job = (job.ko, "job:" + job.en)
        if self.chance(0.2):
            return [(be, "")] + subj_en + noun + [("?", "")], subj_ko + [ko_job, ("입니까", ""), ("?", "")]
        if self.chance(0.3):
            return (subj_en + [(be, ""), ("not", "")] + noun,
                    subj_ko + [ko_job, (particle(job.ko, "이가"), ""), ("아닙니다", "")])
        return subj_en + [(be, "")] + noun, subj_ko + [ko_job, ("입니다", "")]

    def because(self) -> tuple[list, list]:
        """'the animal didn't cross the street because it was too tired' /
        '그 동물 은 너무 피곤해서 길 을 건너지 않았다'."""
        subj_en, subj_ko, who = self.subject()
        verb = VERBS[self.pick(VERBS)]
        obj_en, obj_ko = self.object(verb)
        feeling = self.pick(FEELINGS)
        pronoun = who if who in PRONOUNS else NOUNS[who].pronoun
        was = PRONOUNS[pronoun][2] if pronoun in PRONOUNS else "was"
        too = self.chance(0.5)
        reason_en = [("because", ""), (pronoun, ""), (was, "")] + [("too", "")] * too + [(feeling, feeling)]
        reason_ko = [("너무", "")] * too + [(FEELINGS[feeling], feeling)]
        lemma = verb.en[0]
        if self.chance(0.5):
            en_verb, ko_verb = [("didn't", ""), (lemma, lemma)], [(verb.ko[2], lemma), ("않았다", "")]
        else:
            en_verb, ko_verb = [(verb.en[2], lemma)], [(verb.ko[1], lemma)]
        return subj_en + en_verb + obj_en + reason_en, subj_ko + reason_ko + obj_ko + ko_verb

    def plans(self) -> tuple[list, list]:
        """'are you free tomorrow ?' / '내일 시간 있어 ?': Korean leaves "you" out."""
        you = self.chance(0.5)
        others = ("i", "he", "she", "we", "they")
        subj_en, subj_ko, who = ([("you", "")], [], "you") if you else self.subject(0.5, others)
        be = PRONOUNS[who][1] if who in PRONOUNS else "is"
        time = self.pick(t for t, (_, tenses) in TIMES.items() if not tenses)
        state = self.pick(STATES)
        ko_state = [(w, state if i == len(STATES[state]) - 1 else "") for i, w in enumerate(STATES[state])]
        en = [(be, "")] + subj_en + [(state, state), (time, time), ("?", "")]
        return en, subj_ko + [(TIMES[time][0], time)] + ko_state + [("?", "")]


# How often each kind of sentence is drawn: most are the transitive sentences relative clauses grow.
KINDS = (("transitive", 0.55), ("copula", 0.15), ("because", 0.2), ("plans", 0.1))


def make_pair(rng: np.random.Generator, clauses: int = 2, relative_p: float = 0.35) -> Pair:
    """One sentence pair with at most `clauses` relative clauses, each added with probability `relative_p`.

    Sentences that name one concept twice are drawn again: which word translates which must be clear.
    """
    names, weights = zip(*KINDS)
    while True:
        writer = _Writer(rng, clauses, relative_p)
        en, ko = getattr(writer, names[rng.choice(len(names), p=weights)])()
        en_concepts = [c for _, c in en if c]
        if len(set(en_concepts)) == len(en_concepts):
            return Pair(
                en=tuple(w for w, _ in en), ko=tuple(w for w, _ in ko),
                en_concepts=tuple(c for _, c in en), ko_concepts=tuple(c for _, c in ko), clauses=writer.clauses,
            )


def make_corpus(seed: int, size: int, clauses: range = range(3), relative_p: float = 0.35,
                exclude: frozenset = frozenset(), distinct: bool = True) -> list[Pair]:
    """`size` pairs with a count of relative clauses in `clauses`, none with its English in `exclude`.

    `distinct=False` keeps repeats, as drawn: short sentences such as "are you free tomorrow ?" (one
    of 4 of their kind) then appear as often as the grammar writes them, not once among thousands.
    """
    rng = np.random.default_rng(seed)
    seen = set(exclude)
    pairs = []
    while len(pairs) < size:
        pair = make_pair(rng, clauses.stop - 1, relative_p)
        if pair.clauses in clauses and pair.en not in seen:
            if distinct:
                seen.add(pair.en)
            pairs.append(pair)
    return pairs


# The lecture notes' examples: the grammar writes each of them word for word, and training always sees them.
LECTURE_EXAMPLES = (
    ("I am a student", "나는 학생입니다"),
    ("The animal didn't cross the street because it was too tired", "그 동물은 너무 피곤해서 길을 건너지 않았다"),
    ("Are you free tomorrow?", "내일 시간 있어?"),
)


def find_pair(english: str, seed: int = 0, tries: int = 2_000_000) -> Pair:
    """The grammar's pair whose English renders as `english`, found by drawing sentences without relative clauses."""
    rng = np.random.default_rng(seed)
    for _ in range(tries):
        pair = make_pair(rng, clauses=0)
        if render(pair.en, "en") == english:
            return pair
    raise LookupError(f"the grammar did not write {english!r} in {tries} tries")


def render(tokens: tuple[str, ...] | list[str], lang: str) -> str:
    """Tokens -> the sentence as a person writes it: particles joined in Korean, capitals in English."""
    words: list[str] = []
    for token in tokens:
        if words and (token == "?" or (lang == "ko" and token in PARTICLES)):
            words[-1] += token
        else:
            words.append("I" if lang == "en" and token == "i" else token)
    text = " ".join(words)
    return text[:1].upper() + text[1:] if lang == "en" else text
