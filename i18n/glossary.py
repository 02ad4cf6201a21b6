"""The Korean words for the terms every page names, one word per term, and the variants to avoid.

Where a table entry is just a term (a control's label, an axis title, an inspector step's name) it takes the word
from `TERMS` (`term`, `both`); longer sentences write the same word, and tests/test_korean_terms.py checks every
Korean text in i18n/ against `AVOID` and `PAGE_NAME`.
"""

import re

# term -> {"en": ..., "ko": ...}: the word a Korean textbook uses, and the English it translates.
TERMS: dict[str, dict[str, str]] = {
    "attention": {"en": "attention", "ko": "어텐션"},
    "query": {"en": "query", "ko": "쿼리"},
    "key": {"en": "key", "ko": "키"},
    "value": {"en": "value", "ko": "밸류"},
    "softmax": {"en": "softmax", "ko": "소프트맥스"},
    "linear_map": {"en": "linear map", "ko": "선형 변환"},
    "residual": {"en": "residual connection", "ko": "잔차 연결"},
    "feed_forward": {"en": "feed-forward network", "ko": "피드포워드 신경망"},
    "layer": {"en": "layer", "ko": "층"},
    "head": {"en": "head", "ko": "헤드"},
    "patch": {"en": "patch", "ko": "패치"},
    "embedding": {"en": "embedding", "ko": "임베딩"},
    "dimension": {"en": "dimension", "ko": "차원"},
    "pixel": {"en": "pixel", "ko": "픽셀"},
    "concatenate": {"en": "concatenate", "ko": "이어 붙이기"},
    "pretrained": {"en": "pretrained", "ko": "사전 학습된"},
}

# (pattern, what to write instead): variants that mix with the words above, or read wrongly.
AVOID: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(pattern), advice) for pattern, advice in (
    (r"사영|투영", "선형 변환 (projection)"),
    (r"너비|(?<!보)폭 [a-zA-Z]\b", "차원 (a vector's dimension)"),
    (r"화소", "픽셀"),
    (r"(?<!잔차 )(?<!잔차)연결(?!선)", "이어 붙이기 (concatenation); only 잔차 연결 says 연결"),
    (r"2층 신경망|두 층 신경망", "은닉층이 하나인 피드포워드 신경망 (2층 reads as two transformer layers)"),
    (r"벡터 길이", "차원 d_k (길이 reads as a norm)"),
    (r"(?<![0-9])0층", "층 0 (layers are numbered from 0)"),
    (r"사전학습", "사전 학습"),
    (r"학생 입니다", "학생입니다"),
))
# The Step-through page's name in the navigation; no other view may be called so.
PAGE_NAME = "단계별 계산"


def term(name: str, lang: str) -> str:
    """The glossary word for `name` in `lang` ("en" or "ko")."""
    return TERMS[name][lang]


def both(name: str) -> dict[str, str]:
    """A term's {"en": ..., "ko": ...}, for a table entry that is just the term."""
    return dict(TERMS[name])
