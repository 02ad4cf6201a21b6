"""The words of the translation corpus, English beside Korean: a few hundred, chosen so every form is unambiguous.

Every English verb has a past tense that differs from its base form ("read" would not: "I read a
book" could be either tense), and every Korean form is written out whole, because Korean verb
endings change the stem (만들다 → 만든다, 만드는). The corpus is a toy; its translations are
deterministic, so a model can learn them exactly and a test can check them exactly.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Noun:
    en: str
    ko: str
    article: str = "the"  # English article when the noun is an object: Korean has none, so each noun keeps one
    pronoun: str = "it"  # how an English "because" clause refers back to it


@dataclass(frozen=True)
class Verb:
    en: tuple[str, str, str]  # base, third person singular, past
    ko: tuple[str, str, str, str, str, str]  # present, past, negative stem (-지), question, past question, adnominal
    objects: tuple[str, ...]  # English nouns it takes


PEOPLE = {
    n.en: n for n in (
        Noun("boy", "소년", pronoun="he"), Noun("girl", "소녀", pronoun="she"),
        Noun("teacher", "선생님", pronoun="she"), Noun("student", "학생", pronoun="he"),
        Noun("doctor", "의사", pronoun="she"), Noun("baby", "아기", pronoun="he"),
    )
}
ANIMALS = {
    n.en: n for n in (
        Noun("animal", "동물"), Noun("dog", "개"), Noun("cat", "고양이"), Noun("bird", "새"),
        Noun("rabbit", "토끼"), Noun("horse", "말"),
    )
}
THINGS = {
    n.en: n for n in (
        Noun("apple", "사과", "an"), Noun("bread", "빵"), Noun("cake", "케이크", "a"), Noun("book", "책", "a"),
        Noun("letter", "편지", "a"), Noun("picture", "그림", "a"), Noun("door", "문"), Noun("window", "창문"),
        Noun("street", "길"), Noun("river", "강"), Noun("bag", "가방", "a"), Noun("hat", "모자", "a"),
        Noun("ball", "공"), Noun("fish", "물고기", "a"), Noun("car", "차"), Noun("flower", "꽃", "a"),
    )
}
ANIMATE = tuple(PEOPLE) + tuple(ANIMALS)
NOUNS = PEOPLE | ANIMALS | THINGS

VERBS = {
    v.en[0]: v for v in (
        Verb(("eat", "eats", "ate"), ("먹는다", "먹었다", "먹지", "먹어", "먹었어", "먹는"),
             ("apple", "bread", "cake", "fish")),
        Verb(("see", "sees", "saw"), ("본다", "봤다", "보지", "봐", "봤어", "보는"),
             ("picture", "river", "car", "flower") + ANIMATE),
        Verb(("like", "likes", "liked"), ("좋아한다", "좋아했다", "좋아하지", "좋아해", "좋아했어", "좋아하는"),
             ("apple", "cake", "book", "picture", "hat", "ball", "flower") + ANIMATE),
        Verb(("make", "makes", "made"), ("만든다", "만들었다", "만들지", "만들어", "만들었어", "만드는"),
             ("cake", "bread", "hat", "bag")),
        Verb(("buy", "buys", "bought"), ("산다", "샀다", "사지", "사", "샀어", "사는"),
             ("apple", "bread", "book", "hat", "bag", "car", "flower")),
        Verb(("open", "opens", "opened"), ("연다", "열었다", "열지", "열어", "열었어", "여는"),
             ("door", "window", "bag", "book", "letter")),
        Verb(("cross", "crosses", "crossed"), ("건넌다", "건넜다", "건너지", "건너", "건넜어", "건너는"),
             ("street", "river")),
        Verb(("find", "finds", "found"), ("찾는다", "찾았다", "찾지", "찾아", "찾았어", "찾는"),
             ("ball", "bag", "hat", "book", "letter") + ANIMATE),
        Verb(("draw", "draws", "drew"), ("그린다", "그렸다", "그리지", "그려", "그렸어", "그리는"),
             ("picture", "car", "fish", "flower")),
        Verb(("wash", "washes", "washed"), ("씻는다", "씻었다", "씻지", "씻어", "씻었어", "씻는"),
             ("car", "apple", "window")),
        Verb(("write", "writes", "wrote"), ("쓴다", "썼다", "쓰지", "써", "썼어", "쓰는"),
             ("letter", "book")),
        Verb(("catch", "catches", "caught"), ("잡는다", "잡았다", "잡지", "잡아", "잡았어", "잡는"),
             ("ball", "fish", "bird", "rabbit")),
    )
}

# Pronoun subjects: English form, Korean form, English "be" in the present and the past.
PRONOUNS = {
    "i": ("나", "am", "was"), "you": ("너", "are", "were"), "he": ("그", "is", "was"),
    "she": ("그녀", "is", "was"), "we": ("우리", "are", "were"), "they": ("그들", "are", "were"),
}
THIRD_PERSON = {"he", "she"}

JOBS = {
    n.en: n for n in (
        Noun("student", "학생", "a"), Noun("teacher", "선생님", "a"), Noun("doctor", "의사", "a"),
        Noun("cook", "요리사", "a"), Noun("singer", "가수", "a"), Noun("painter", "화가", "a"),
        Noun("nurse", "간호사", "a"), Noun("farmer", "농부", "a"),
    )
}
# Reasons in a "because" clause: English adjective, Korean "-서" form ("because tired").
FEELINGS = {
    "tired": "피곤해서", "hungry": "배고파서", "sick": "아파서", "busy": "바빠서", "sleepy": "졸려서",
    "happy": "기뻐서",
}
# Places: English phrase (article or none, noun), Korean noun; Korean adds 에서.
PLACES = {
    "park": ("the", "공원"), "school": ("", "학교"), "home": ("", "집"), "kitchen": ("the", "부엌"),
    "garden": ("the", "정원"), "library": ("the", "도서관"),
}
PLACE_PREPOSITION = {"park": "in", "kitchen": "in", "garden": "in", "school": "at", "home": "at", "library": "in"}
# Time words and the tenses they go with.
TIMES = {"yesterday": ("어제", ("past",)), "today": ("오늘", ("present", "past")),
         "tomorrow": ("내일", ()), "tonight": ("오늘밤", ())}
# "Are you free tomorrow?": English adjective, Korean predicate.
STATES = {"free": ("시간", "있어"), "busy": ("바빠",)}

# Korean pieces written joined to the word before them: particles and the copula.
PARTICLES = ("은", "는", "이", "가", "을", "를", "에서", "입니다", "입니까")
