"""No English in Korean mode: every page, run with AppTest in Korean, through its views and steps; every word of
Latin letters it renders (text, labels, options, help, tab and expander labels, table columns, Plotly titles, axis
titles, annotations, legends and hover templates) must be on the allow-list below or be a token of the input.

What the list allows: model names and ids, library and product names, formula symbols (single letters, d_k, W_Q,
what LaTeX writes), units, file names and acronyms a Korean textbook writes in Latin letters (ViT, BERT, MLP, GELU,
RGB). Tokens of the input are allowed wherever they are shown: the sentences are English on purpose.
"""

from __future__ import annotations

import ast
import html
import importlib
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model.catalog import ASSETS, BUNDLED_VIT, KOREAN_ENCODER, PRETRAINED_VITS, TEXT_MODELS
from model.toy import presets as toy_presets
from model.translate.bundle import read_card

APP = str(Path(__file__).resolve().parent.parent / "app.py")

# Words of Latin letters that may stay in Korean mode (compared in lower case).
ALLOWED = {
    # models, libraries, products and formats by their names; people cited on the About page
    "vit", "bert", "minilm", "timm", "hugging", "face", "pytorch", "streamlit", "plotly", "deit", "imagenet",
    "vaswani", "dosovitskiy", "abnar", "zuidema", "chefer", "gur", "wolf", "bahdanau", "luong",
    "pypi", "github", "readme",
    "safetensors", "npz", "csv", "png", "svg", "html", "json", "pth", "pt", "jpg", "jpeg", "webp", "gif", "bmp", "url",
    "et", "al", "english",  # "et al."; the language switch offers English by its name
    # acronyms and symbols a Korean text writes as they are; math function names (table headers: "exp", "− max")
    "cls", "sep", "pad", "unk", "mlp", "gelu", "relu", "rnn", "gru", "lstm", "cnn", "rgb", "gpu", "cpu",
    "layernorm", "ln", "id", "pe", "softmax", "exp", "max", "log", "argmax", "tanh", "cos", "sin", "var",
    "flops", "gflops", "mb", "kb", "gb", "mib", "gib", "px", "ms",
    "base",  # BERT-base, a model's size in the cost table
}
# Every model id the pages offer, as a whole ("bert-base-multilingual-cased"; not its words one by one).
MODEL_IDS = re.compile("|".join(re.escape(name) for name in sorted(
    (BUNDLED_VIT, KOREAN_ENCODER, *TEXT_MODELS, *PRETRAINED_VITS), key=len, reverse=True)))
# Titles of cited papers stay as published.
CITED = re.compile(r"Attention is all you need", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'’/-]*")
LATEX = re.compile(r"\$\$.*?\$\$|\$[^$\n]+?\$", re.S)
CODE = re.compile(r"``?\s?(.+?)\s?``?", re.S)
LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+")
TAGS = re.compile(r"<[^>]+>")
TEMPLATE = re.compile(r"%\{[^}]*\}|\{[a-z_]+\}")
TEXT_IN_LATEX = re.compile(r"\\(?:text|textrm|textsf|mbox)\{([^}]*)\}")


def english_words(text: str, tokens: set[str]) -> list[str]:
    """The words of `text` a Korean reader would see as English: Latin words of two letters or more that are not
    allowed, not a token of the input, not an id (digits, underscores, dots, slashes) and not a placeholder."""
    found = []
    text = re.sub(r"\\([^A-Za-z])", r"\1", html.unescape(text))  # Markdown's escapes: atlas\-shapes\-vit
    text = CITED.sub(" ", MODEL_IDS.sub(" ", text))
    for chunk in WORD.findall(text):
        chunk = chunk.strip(".'’-/")
        if not chunk or chunk.lower() in tokens or re.search(r"[0-9_/]|\w\.\w", chunk):
            continue
        for part in re.split(r"[-']", chunk):
            if len(part) >= 2 and part.lower() not in ALLOWED and part.lower() not in tokens:
                found.append(part)
    return found


def prose_words(text: str, tokens: set[str]) -> list[str]:
    """english_words of Markdown: LaTeX is formula (only its \\text{...} is read), code spans are tokens."""
    inside = [m for block in LATEX.findall(text) for m in TEXT_IN_LATEX.findall(block)]
    text = LATEX.sub(" ", text)
    text = CODE.sub(" ", text)
    text = LINK_TARGET.sub("]", text)
    text = TAGS.sub(" ", html.unescape(text))
    text = TEMPLATE.sub(" ", text)
    return english_words(text, tokens) + [w for part in inside for w in english_words(part, tokens)]


def latex_words(body: str, tokens: set[str]) -> list[str]:
    return [w for part in TEXT_IN_LATEX.findall(body) for w in english_words(part, tokens)]


# --- Plotly --------------------------------------------------------------------------------------------------


def _title(value) -> str:
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return str(value or "")


def figure_texts(spec: dict) -> list[tuple[str, str]]:
    """(where, text) of a figure's words a reader sees: titles, axis titles, annotations, legend, trace names,
    hover templates, colour bar titles and category tick labels."""
    texts = []
    layout = spec.get("layout", {})
    texts.append(("title", _title(layout.get("title"))))
    for name, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", name) and isinstance(axis, dict):
            texts.append((f"{name}.title", _title(axis.get("title"))))
            texts += [(f"{name}.ticktext", str(v)) for v in axis.get("ticktext", []) or []]
        if name == "coloraxis" or re.fullmatch(r"coloraxis\d*", name):
            texts.append((f"{name}.colorbar", _title((axis.get("colorbar") or {}).get("title"))))
    texts += [("annotation", str(a.get("text", ""))) for a in layout.get("annotations", []) or []]
    texts.append(("legend", _title((layout.get("legend") or {}).get("title"))))
    for trace in spec.get("data", []):
        if trace.get("showlegend", True) is not False:
            texts.append(("trace.name", str(trace.get("name") or "")))
        for field in ("hovertemplate", "texttemplate"):
            value = trace.get(field)
            for one in value if isinstance(value, list) else [value]:
                texts.append((f"trace.{field}", str(one or "")))
        texts.append(("trace.colorbar", _title((trace.get("colorbar") or {}).get("title"))))
        for axis in ("x", "y"):  # category labels: tokens, patches, classes
            values = trace.get(axis)
            if isinstance(values, list):
                texts += [(f"trace.{axis}", v) for v in values if isinstance(v, str)]
    return [(where, text) for where, text in texts if text]


# --- the rendered tree ---------------------------------------------------------------------------------------


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _proto_strings(proto, fields=("label", "help", "placeholder", "caption", "text")) -> list[str]:
    out = []
    for field in fields:
        try:
            value = getattr(proto, field)
        except AttributeError:
            continue
        if isinstance(value, str) and value:
            out.append(value)
    return out


def rendered_words(at: AppTest, tokens: set[str]) -> dict[str, list[str]]:
    """{element: [English words]} for everything `at` rendered (main area and sidebar)."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(where: str, words: list[str]) -> None:
        if words:
            found[where] += words

    for node in _nodes(at._tree):
        kind = getattr(node, "type", None)
        proto = getattr(node, "proto", None)
        if proto is None or kind is None:
            continue
        if kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success",
                    "toast", "text"):
            body = getattr(proto, "body", "")
            if body.lstrip().startswith("<style>"):  # styling, no words a reader sees
                continue
            add(f"{kind}: {body[:70]!r}", prose_words(body, tokens))
        elif kind == "latex":
            add(f"latex: {proto.body[:70]!r}", latex_words(proto.body, tokens))
        elif kind == "plotly_chart":
            spec = json.loads(proto.spec) if proto.spec else {}
            title = _title(spec.get("layout", {}).get("title"))[:50]
            for where, text in figure_texts(spec):
                add(f"figure {title!r} {where}: {text[:60]!r}", prose_words(text, tokens))
        elif kind in ("arrow_data_frame", "dataframe", "table", "data_editor"):
            try:
                columns = [str(c) for c in node.value.columns]
            except Exception:  # a frame AppTest cannot read: its columns are not checked
                columns = []
            config = json.loads(getattr(proto, "columns", "") or "{}")  # column_config: the labels shown
            for column in columns:
                column = (config.get(column) or {}).get("label") or column
                add(f"{kind} column {column!r}", english_words(column, tokens))
        elif kind == "code":
            continue  # spelled-out numbers with tokens
        elif kind == "bidi_component":  # the live explorer (ui/live.py): the words it draws come with its data
            data = json.loads(getattr(proto, "json", "") or "{}")
            for name, text in (data.get("text") or {}).items():
                add(f"live explorer text {name!r}: {str(text)[:60]!r}", prose_words(str(text), tokens))
        else:  # widgets and blocks: label, help, options
            for text in _proto_strings(proto):
                add(f"{kind} {text[:60]!r}", prose_words(text, tokens))
            for option in getattr(proto, "options", []) or []:
                text = option if isinstance(option, str) else (getattr(option, "label", "")
                                                                or getattr(option, "content", ""))
                add(f"{kind} option {text[:60]!r}", prose_words(str(text), tokens))
            block = getattr(proto, "expandable", None) or getattr(proto, "tab", None)
            label = getattr(block, "label", "") if block is not None else ""
            if label:
                add(f"{kind} label {label[:60]!r}", prose_words(label, tokens))
    return found


def page_constant(page: str, name: str):
    """A literal constant of a page script, read without running the page (importing it would draw it).

    Names in it that the page imports (`from model.saved import DEFAULT_SENTENCE`) are read from their module.
    """
    tree = ast.parse((Path(APP).parent / page).read_text())
    imported = {alias.asname or alias.name: (node.module, alias.name)
                for node in tree.body if isinstance(node, ast.ImportFrom) and node.module for alias in node.names}

    class Resolve(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id not in imported:
                return node
            module, attr = imported[node.id]
            return ast.copy_location(ast.Constant(getattr(importlib.import_module(module), attr)), node)

    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(Resolve().visit(node.value))
    raise KeyError(f"{page} has no constant {name}")


def input_tokens(*texts: str) -> set[str]:
    """The words of `texts`, whole and cut at apostrophes as word-piece tokenizers cut them ("didn't", "didn")."""
    words = {w.lower() for text in texts for w in re.findall(r"[A-Za-z']+", text)}
    return words | {part for word in words for part in word.split("'") if part}





class Walk:
    """Collects what each run of a page shows, under a name for the state it was in."""

    def __init__(self, page: str, tokens: set[str] = frozenset()):
        self.at = AppTest.from_file(APP, default_timeout=300)
        self.at.query_params["lang"] = "ko"
        self.at.run()
        self.at.switch_page(page).run()
        self.found: dict[str, set[str]] = defaultdict(set)
        self.tokens = set(tokens)
        self.check("open")

    def check(self, state: str) -> None:
        at = self.at
        assert not at.exception, (state, [e.value for e in at.exception])
        typed = [w.value for w in (*at.text_area, *at.text_input) if isinstance(w.value, str)]
        tokens = self.tokens | input_tokens(*typed)
        for where, words in rendered_words(at, tokens).items():
            for word in words:
                self.found[word].add(f"[{state}] {where}")

    def report(self) -> str:
        lines = []
        for word in sorted(self.found, key=str.lower):
            places = sorted(self.found[word])
            lines.append(f"{word!r}: {places[0]}" + (f" (+{len(places) - 1} more)" if len(places) > 1 else ""))
        return "\n".join(lines)


def _assert_none(walk: Walk) -> None:
    if walk.found:
        pytest.fail(f"English words in Korean mode:\n{walk.report()}", pytrace=False)


def _bundled_vit() -> bool:
    files = [ASSETS / "models" / f"{BUNDLED_VIT.replace('-', '_')}{ext}" for ext in (".json", ".safetensors")]
    return all(f.exists() for f in files) and (ASSETS / "samples" / "samples.json").exists()


INSPECTOR_STEPS = ("x", "qkv", "scores", "scaled", "softmax", "weighted", "concat", "residual", "mlp")


def _walk_inspector(walk: Walk, key: str, steps=INSPECTOR_STEPS, name: str = "inspector") -> None:
    assert len(walk.at.segmented_control(key=f"{key}-step").options) == len(steps), (key, steps)
    for step in steps:
        walk.at.segmented_control(key=f"{key}-step").set_value(step).run()
        walk.check(f"{name}:{step}")


def test_about_page_in_korean_has_no_english():
    walk = Walk("ui/about_page.py")
    _assert_none(walk)


@pytest.mark.slow
def test_step_through_in_korean_has_no_english():
    examples = [toy_presets.preset_example(p) for p in toy_presets.PRESETS if p != "random"]
    # the tokens of the presets, and "be", the verb the lecture-notes example names as a feature of "am"
    words = input_tokens("be", *(" ".join(e.tokens + tuple(e.src_tokens or ())) for e in examples))
    walk = Walk("ui/toy_page.py", words)
    at = walk.at
    from model import toy

    for preset in toy.PRESETS:
        at.selectbox(key="toy.w.preset").set_value(preset).run()
        walk.check(f"preset {preset}")
    at.selectbox(key="toy.w.preset").set_value("student").run()
    for variant in toy.VARIANTS:
        at.selectbox(key="toy.w.variant").set_value(variant).run()
        for step in toy.steps_for(variant):
            at.segmented_control(key="toy.w.step").set_value(step).run()
            walk.check(f"{variant}:{step}")
    at.toggle(key="toy.w.quiz_on").set_value(True).run()
    walk.check("quiz")
    at.toggle(key="toy.w.quiz_on").set_value(False).run()
    at.toggle(key="toy.w.presenter").set_value(True).run()
    walk.check("presenter")
    _assert_none(walk)


@pytest.mark.slow
@pytest.mark.skipif(not _bundled_vit(), reason="the bundled ViT or the sample gallery is not in assets/ yet")
def test_image_page_in_korean_has_no_english():
    walk = Walk("ui/image_page.py")
    at = walk.at
    for view in ("live", "heads", "overview", "finder", "rollout", "pipeline", "inspector"):
        at.segmented_control(key="img-view").set_value(view).run()
        walk.check(f"view {view}")
    _walk_inspector(walk, "img-insp", INSPECTOR_STEPS + ("loss",))
    _assert_none(walk)


@pytest.mark.slow
def test_sentence_page_in_korean_has_no_english():
    walk = Walk("ui/sentence_page.py", input_tokens(*page_constant("ui/sentence_page.py", "PRESETS")))
    at = walk.at
    for view in ("live", "matrix", "lines", "overview", "finder", "rollout", "inspector"):
        at.segmented_control(key="txt-view").set_value(view).run()
        walk.check(f"view {view}")
    _walk_inspector(walk, "txt-insp")
    _assert_none(walk)


def _translation_tokens() -> set[str]:
    """Every word either translator can read or write: the translations shown are tokens, not UI text."""
    words = set()
    for source, target in (("ko", "en"), ("en", "ko")):
        card = read_card(source, target, "additive")
        if card is not None:
            words |= input_tokens(json.dumps(card))
    return words


@pytest.mark.slow
@pytest.mark.skipif(read_card("ko", "en", "additive") is None, reason="the translators are not in assets/ yet")
def test_translation_page_in_korean_has_no_english():
    presets = page_constant("ui/translation_page.py", "PRESETS")
    walk = Walk("ui/translation_page.py",
                input_tokens(*(s for sentences in presets.values() for s in sentences)) | _translation_tokens())
    at = walk.at
    for view in ("alignment", "stepper", "bottleneck", "transformer", "costs"):
        at.segmented_control(key="tr-view").set_value(view).run()
        walk.check(f"view {view}")
        if view == "transformer":
            for part in ("encoder", "decoder_self", "cross"):
                at.segmented_control(key="tr-part").set_value(part).run()
                walk.check(f"transformer {part}")
                key = "tr-insp-self" if part == "decoder_self" else f"tr-insp-{part}"
                steps = INSPECTOR_STEPS[:-1] if part == "decoder_self" else INSPECTOR_STEPS  # no MLP of its own
                _walk_inspector(walk, key, steps, name=f"inspector {part}")
    _assert_none(walk)


@pytest.mark.slow
def test_caption_page_in_korean_has_no_english():
    from model.caption.bundle import read_card as caption_card

    # The captioner has one vocabulary for both languages: its words are tokens (the stepper lists them all).
    tokens = set().union(*(input_tokens(json.dumps(caption_card(kind))) for kind in ("additive", "none")))
    walk = Walk("ui/caption_page.py", tokens)
    at = walk.at
    at.toggle(key="cap-compare").set_value(True).run()
    walk.check("beside the ViT")
    at.selectbox(key="cap-kind").set_value("none").run()
    walk.check("no attention")
    at.segmented_control(key="cap-source").set_value("upload").run()
    walk.check("upload")
    _assert_none(walk)


def test_other_pages_in_navigation_are_walked():
    """A page added to app.py's navigation is walked too (at least opened in Korean)."""
    walked = {"ui/image_page.py", "ui/sentence_page.py", "ui/translation_page.py", "ui/toy_page.py",
              "ui/about_page.py", "ui/caption_page.py"}
    listed = set(re.findall(r'st\.Page\("([^"]+\.py)"', Path(APP).read_text()))
    others = sorted(listed - walked)
    found = {}
    for page in others:
        walk = Walk(page)
        if walk.found:
            found[page] = walk.report()
    assert not found, "English words in Korean mode:\n" + "\n".join(f"{p}:\n{r}" for p, r in found.items())


def test_the_scanner_finds_english_and_passes_what_is_allowed():
    assert prose_words("헤드 결합: mean, patch (2,3)의 attention", set()) == ["mean", "patch", "attention"]
    assert prose_words(r"식 $$\mathrm{softmax}(QK^\top/\sqrt{d_k})$$, $W_Q$ 와 `` it `` 토큰", set()) == []
    assert prose_words(r"$$x \quad (M\text{: the encoder output})$$", set()) == ["the", "encoder", "output"]
    assert prose_words("“it”이 “animal”을 봅니다", {"it", "animal"}) == []
    assert prose_words(r"all\-MiniLM\-L6\-v2, atlas-shapes-vit.safetensors, ViT와 GELU", set()) == []
    assert prose_words("&lt;/s&gt; 토큰, %{x}<br>어텐션", set()) == []
    spec = {"layout": {"title": {"text": "Attention weights"}, "xaxis": {"title": {"text": "키"}}},
            "data": [{"hovertemplate": "쿼리 %{y}<br>weight %{z}<extra></extra>", "x": ["patch (0,1)"]}]}
    found = [w for _, text in figure_texts(spec) for w in prose_words(text, set())]
    assert found == ["Attention", "weights", "weight", "patch"]
