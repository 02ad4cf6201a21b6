"""One Korean word per term: every Korean text in i18n/ follows the glossary (i18n/glossary.py) and none of the
variants it lists to avoid (사영/투영, 너비, 화소, 연결 for concatenation, "2층 신경망", "벡터 길이", "0층",
"사전학습", "학생 입니다"), and "단계별 계산" names only the Step-through page."""

import importlib
import pkgutil

import i18n
from i18n import TEXT
from i18n.glossary import AVOID, PAGE_NAME, TERMS, term


def korean_texts() -> dict[str, str]:
    """{"module:key": Korean text} for every table in i18n/, the merged one and those merged elsewhere."""
    texts = {}
    for info in pkgutil.iter_modules(i18n.__path__):
        table = getattr(importlib.import_module(f"i18n.{info.name}"), "TEXT", None)
        for key, entry in (table or {}).items():
            if isinstance(entry, dict) and "ko" in entry:
                texts[f"{info.name}:{key}"] = entry["ko"]
    return texts


def test_no_korean_text_uses_a_variant_the_glossary_avoids():
    found = [f"{where}: {match.group(0)!r} -> {advice}\n    {text}"
             for where, text in korean_texts().items()
             for pattern, advice in AVOID for match in [pattern.search(text)] if match]
    assert not found, "\n".join(found)


def test_the_step_through_page_name_names_only_that_page():
    # the page's own texts (toy.*, its errors and notices) may say "in the Step-through"; other views may not
    # share the name (the Translation inspector was also "단계별 계산").
    own = ("common:nav.toy", "toy:toy.", "toy_panels:toy.", "toy_panels:error.toy_", "toy_panels:notice.toy_",
           "toy:error.toy_", "toy:notice.toy_")
    found = [where for where, text in korean_texts().items() if PAGE_NAME in text and not where.startswith(own)]
    assert not found, found


def test_the_variants_are_caught():
    bad = ["Q는 X를 W_Q로 사영한 것", "투영 행렬", "벡터의 너비", "모델의 폭 d", "화소 수", "헤드 출력 연결·W_O",
           "2층 신경망", "벡터 길이 d_k", "0층의 헤드", "사전학습된 ViT", "나는 학생 입니다"]
    for text in bad:
        assert any(pattern.search(text) for pattern, _ in AVOID), text
    good = ["잔차 연결", "잔차 연결로 더한", "연결선", "선형 변환", "차원", "보폭 16의 합성곱", "픽셀", "층 0",
            "사전 학습된", "학생입니다", "10층"]
    for text in good:
        assert not any(pattern.search(text) for pattern, _ in AVOID), text


def test_every_glossary_word_is_the_one_the_pages_use():
    every = "\n".join(korean_texts().values())
    unused = [name for name in TERMS if term(name, "ko") not in every]
    assert not unused, unused
    assert TEXT["controls.layer"]["ko"] == term("layer", "ko")
    assert TEXT["token.patch"]["ko"] == term("patch", "ko")
    assert TEXT["inspector.residual.name"]["ko"] == term("residual", "ko")
