"""The toy's UI text: every message the back end raises is translated, with the same English."""

import re
from pathlib import Path

from i18n import TEXT, t
from model import toy

ROOT = Path(__file__).resolve().parent.parent


def test_every_toy_message_is_translated_with_the_backend_text():
    notices = toy.decode_state({"e": "x", "q": "x"})[1]
    for notice in notices:
        assert t(f"notice.{notice.code}", "en", **notice.params) == str(notice)
    source = "".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "model" / "toy").glob("*.py")))
    codes = set(re.findall(r'(?:AtlasError|Notice)\(\s*"(toy_[a-z_]+)"', source))
    assert codes == {k.split(".", 1)[1] for k in TEXT if k.startswith(("error.toy_", "notice.toy_"))}


def test_toy_text_keys_are_namespaced():
    from i18n import toy as toy_text

    assert all(k.startswith(("toy.", "error.toy_", "notice.toy_")) for k in toy_text.TEXT)


def test_korean_step_through_text_uses_the_glossary():
    from i18n import toy as toy_text

    korean = {key: texts["ko"] for key, texts in toy_text.TEXT.items()}
    # mixed or misleading variants the issue lists, and what to write instead
    banned = {"사영": "선형 변환", "투영": "선형 변환", "너비": "차원", "화소": "픽셀", "2층": "은닉층이 하나인",
              "벡터 길이": "차원 d_k", "학생 입니다": "학생입니다", "사전학습": "사전 학습", "양수": "0 이상",
              "0층": "층 1"}
    found = {key: word for key, text in korean.items() for word in banned if word in text}
    assert not found, found
    assert all("연결" not in text for key, text in korean.items() if "W_O" in text)  # 이어 붙이기, not 잔차 연결's word
    causal = korean["toy.step.scale.says_causal"]
    assert "자기보다 뒤에 오는(미래의) 토큰" in causal and "앞을" not in causal

