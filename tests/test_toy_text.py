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
