"""The in-browser explorer (ui/live/): hovering a patch or a token redraws in the page with no rerun, and the
values it drew (the head canvases' and key tokens' data attributes, the readout) are the trace's float32 numbers,
exactly; a click chooses the query of the other views. In English and Korean."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.browser.helpers import needs_bundled_vit

LIVE = '.atlas-live[data-ready="1"]'
DEFAULT_SENTENCE = "The animal didn't cross the street because it was too tired"  # the page's first preset
NUMBER = re.compile(r"[-+]?\d*\.?\d+(?:e[-+]?\d+)?$")


@pytest.fixture(scope="module")
def star_trace():
    """The default sample's trace as the Image page draws it: the one saved beside the sample (model/saved.py)."""
    from model.catalog import bundled_files
    from model.samples import SAMPLES_DIR
    from model.saved import digest, load_saved_trace, saved_path

    sample = SAMPLES_DIR / "shape_star.png"
    trace = load_saved_trace(saved_path(sample), digest(bundled_files()[1].read_bytes()), digest(sample.read_bytes()))
    assert trace is not None, "the saved trace is stale: make samples"
    return trace


@pytest.fixture(scope="module")
def preset_trace():
    """MiniLM's trace of the Sentence page's default preset, computed here with the app's own code."""
    from model.loading import load_text_model
    from model.text.trace import trace_text

    return trace_text(load_text_model(), DEFAULT_SENTENCE, 128)  # 128: the page's default Max tokens


def floats(text: str) -> np.ndarray:
    """A data attribute's comma-separated numbers -> float32: String() of a float32 in JS reads back exactly."""
    return np.array([float(v) for v in text.split(",")], dtype=np.float64).astype(np.float32)


def shown_value(readout_text: str) -> np.float32:
    """The number at the end of the readout ("L5 H3 q=… → k=…: 0.0123456"), as float32."""
    return np.float32(float(NUMBER.search(readout_text.strip()).group(0)))


def open_explorer(app, path: str, kind: str, lang: str):
    """Open a page in `lang`; its explorer's root once it has drawn (the default view)."""
    app.open(path, lang=lang)
    root = app.page.locator(f'{LIVE}[data-kind="{kind}"]')
    root.wait_for(timeout=60_000)
    return root


def wait_query(app, root, query: int) -> None:
    app.page.wait_for_function("([el, q]) => el.dataset.query === String(q)", arg=[root.element_handle(), query],
                               timeout=5_000)


def cell_centre(canvas, grid, patch: int) -> tuple[float, float]:
    """Where the pointer goes to be over `patch` of a map canvas (scrolled into view first)."""
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    rows, cols = grid
    r, c = divmod(patch, cols)
    return box["x"] + (c + 0.5) * box["width"] / cols, box["y"] + (r + 0.5) * box["height"] / rows


@needs_bundled_vit
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_image_hover_redraws_every_head_with_the_traces_numbers(app, star_trace, lang):
    trace = star_trace
    root = open_explorer(app, "", "image", lang)
    runs = app.run_count()
    picker = root.locator("canvas.atlas-live-picker")
    layer = int(root.get_attribute("data-layer"))
    for patch in (0, 9, 27, trace.grid[0] * trace.grid[1] - 1):
        token = trace.num_prefix_tokens + patch
        app.page.mouse.move(*cell_centre(picker, trace.grid, patch))
        wait_query(app, root, token)
        heads = root.locator("canvas.atlas-live-head")
        assert heads.count() == trace.num_heads
        for h in range(trace.num_heads):
            drawn = floats(heads.nth(h).get_attribute("data-values"))
            np.testing.assert_array_equal(drawn, trace.weights[layer, h, token])
    # the head's map under the pointer: the readout names query and key and shows the exact weight
    head = root.locator("canvas.atlas-live-head").nth(1)
    key = 5
    app.page.mouse.move(*cell_centre(head, trace.grid, key))
    readout = root.locator(".atlas-live-readout")
    app.page.wait_for_function("el => el.dataset.key !== undefined", arg=readout.element_handle(), timeout=5_000)
    query = int(readout.get_attribute("data-query"))  # the pointer left the picture: back to the pinned query
    expected = trace.weights[layer, 1, query, trace.num_prefix_tokens + key]
    assert np.float32(float(readout.get_attribute("data-value"))) == expected
    assert shown_value(readout.inner_text()) == expected
    assert readout.inner_text().startswith(f"L{layer} H1" if lang == "en" else f"층 {layer} 헤드 1")
    # the layer scrubber redraws from the arrays already in the page
    scrubber = root.locator('.atlas-live-layer input[type="range"]')
    scrubber.fill("1")
    app.page.wait_for_function("el => el.dataset.layer === '1'", arg=root.element_handle(), timeout=5_000)
    drawn = floats(root.locator("canvas.atlas-live-head").nth(0).get_attribute("data-values"))
    np.testing.assert_array_equal(drawn, trace.weights[1, 0, int(root.get_attribute("data-query"))])
    # the rollout's [CLS] row after each layer (the Rollout view's defaults), scrubbed in the page
    from model.rollout import rollout_by_layer

    steps = rollout_by_layer(trace.weights, num_prefix_tokens=trace.num_prefix_tokens)  # (L, N, N)
    rollout = root.locator("canvas.atlas-live-rollout")
    np.testing.assert_array_equal(floats(rollout.get_attribute("data-values")), steps[-1, 0])
    root.locator('.atlas-live-rollout-layer input[type="range"]').fill("2")
    app.page.wait_for_function("el => el.dataset.layer === '2'", arg=rollout.element_handle(), timeout=5_000)
    np.testing.assert_array_equal(floats(rollout.get_attribute("data-values")), steps[2, 0])
    assert app.run_count() == runs, "hover and scrub must not rerun the script"
    # a click chooses the query of the other views: the page's Query select box shows it after the rerun
    patch = 12
    app.act(lambda: app.page.mouse.click(*cell_centre(picker, trace.grid, patch)))
    label = ("patch" if lang == "en" else "패치") + " ({},{})".format(*divmod(patch, trace.grid[1]))
    query_box = app.page.locator('input[role="combobox"][aria-label="{}"]'.format("Query" if lang == "en" else "쿼리"))
    app.page.wait_for_function("([el, text]) => el.value === text", arg=[query_box.element_handle(), label],
                               timeout=10_000)
    app.assert_healthy()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_sentence_hover_moves_lines_and_matrix_with_the_traces_numbers(app, preset_trace, lang):
    trace = preset_trace
    root = open_explorer(app, "sentence", "tokens", lang)
    runs = app.run_count()
    layer, head = int(root.get_attribute("data-layer")), int(root.get_attribute("data-head"))
    assert root.locator(".atlas-live-q").count() == trace.num_tokens
    for query in (1, 4, trace.num_tokens - 1):
        root.locator(f'.atlas-live-q[data-token="{query}"] text').hover()
        wait_query(app, root, query)
        keys = root.locator(".atlas-live-k").evaluate_all("els => els.map(e => e.getAttribute('data-value'))")
        np.testing.assert_array_equal(floats(",".join(keys)), trace.weights[layer, head, query])
        matrix_row = floats(root.locator("canvas.atlas-live-matrix").get_attribute("data-values"))
        np.testing.assert_array_equal(matrix_row, trace.weights[layer, head, query])
    # a key token's readout
    root.locator('.atlas-live-k[data-token="2"] text').hover()
    readout = root.locator(".atlas-live-readout")
    app.page.wait_for_function("el => el.dataset.key === '2'", arg=readout.element_handle(), timeout=5_000)
    expected = trace.weights[layer, head, query, 2]
    assert shown_value(readout.inner_text()) == expected
    assert readout.inner_text().startswith(f"L{layer} H{head}" if lang == "en" else f"층 {layer} 헤드 {head}")
    # layer and head scrubbers
    root.locator('.atlas-live-head input[type="range"]').fill("3")
    root.locator('.atlas-live-layer input[type="range"]').fill("2")
    app.page.wait_for_function("el => el.dataset.layer === '2' && el.dataset.head === '3'",
                               arg=root.element_handle(), timeout=5_000)
    now = int(root.get_attribute("data-query"))
    keys = root.locator(".atlas-live-k").evaluate_all("els => els.map(e => e.getAttribute('data-value'))")
    np.testing.assert_array_equal(floats(",".join(keys)), trace.weights[2, 3, now])
    assert app.run_count() == runs, "hover and scrub must not rerun the script"
    # a click on a query token chooses it for the other views
    app.act(lambda: root.locator('.atlas-live-q[data-token="3"] text').click())
    query_box = app.page.locator('input[role="combobox"][aria-label="{}"]'.format("Query" if lang == "en" else "쿼리"))
    app.page.wait_for_function("([el, text]) => el.value === text",
                               arg=[query_box.element_handle(), f"3: {trace.tokens[3]}"], timeout=10_000)
    app.assert_healthy()


def test_a_long_sentence_is_sent_one_layer_at_a_time(app):
    """Past the budget (viz/live.py) the browser gets only the Layer slider's layer; moving it fetches another."""
    from model.loading import load_text_model
    from model.text.trace import trace_text

    text = " ".join(["word"] * 90)  # 92 tokens: six layers would be 3.2 MB of base64, one is 0.54 MB
    trace = trace_text(load_text_model(), text, 128)
    root = open_explorer(app, "sentence", "tokens", "en")
    app.set_text("Your sentence", text)
    app.page.wait_for_function("el => el.querySelectorAll('.atlas-live-q').length === 92", arg=root.element_handle(),
                               timeout=30_000)
    assert root.locator('.atlas-live-layer input[type="range"]').is_disabled()
    assert "one layer at a time" in root.locator(".atlas-live-note").inner_text()
    for step in (0, -1):
        if step:
            app.move_slider("Layer", step)  # a rerun of the explorer's fragment, sending that layer only
        layer = app.slider_value("Layer")
        app.page.wait_for_function("([el, n]) => el.dataset.layer === String(n)", arg=[root.element_handle(), layer],
                                   timeout=30_000)
        head, query = int(root.get_attribute("data-head")), int(root.get_attribute("data-query"))
        keys = root.locator(".atlas-live-k").evaluate_all("els => els.map(e => e.getAttribute('data-value'))")
        np.testing.assert_array_equal(floats(",".join(keys)), trace.weights[layer, head, query])
    app.assert_healthy()


def test_one_head_at_a_time_draws_the_head_it_was_sent(browser):
    """Where even one layer is too big (viz/live.py), the payload holds one head: the explorer's script, mounted
    here on its own (no server), indexes it right and hears a click."""
    from ui.live import ASSETS, SCRIPTS
    from viz.live import live_payload

    weights = np.random.default_rng(3).dirichlet(np.ones(40), size=(2, 3, 40)).astype(np.float32)  # (L, H, N, N)
    tokens = [f"t{i}" for i in range(40)]
    text = {k: k for k in ("layer", "head", "readout", "hint", "lines", "matrix", "one_layer", "one_head", "error")}
    payload = live_payload(weights, 1, asked_head=2, budget=1_000, kind="tokens", tokens=tokens, layer=1, head=2,
                           query=0, text=text)
    assert (payload["layers"], payload["heads"]) == ([1, 2], [2, 3])
    script = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)
    script = script.replace("export default function", "window.mountLive = function")
    page = browser.new_page()
    try:
        page.set_content(f'<style>{(ASSETS / "live.css").read_text(encoding="utf-8")}</style>'
                         '<div id="host"><div class="atlas-live"></div></div>')
        page.add_script_tag(content=script)
        page.evaluate("""data => { window.sent = [];
            mountLive({data, parentElement: document.getElementById('host'),
                       setTriggerValue: (name, value) => window.sent.push([name, value])}); }""", payload)
        root = page.locator(LIVE)
        assert root.locator('.atlas-live-head input[type="range"]').is_disabled()
        for query in (5, 17):
            root.locator(f'.atlas-live-q[data-token="{query}"] text').hover()
            page.wait_for_function("q => document.querySelector('.atlas-live').dataset.query === String(q)",
                                   arg=query, timeout=5_000)
            keys = root.locator(".atlas-live-k").evaluate_all("els => els.map(e => e.getAttribute('data-value'))")
            np.testing.assert_array_equal(floats(",".join(keys)), weights[1, 2, query])
        root.locator('.atlas-live-q[data-token="9"] text').click()
        assert page.evaluate("() => window.sent") == [["query", 9]]
    finally:
        page.close()


# --- the matrix view (ui/live/matrix.js): the Translation page's alignment and the Step-through's matrices ---

MATRIX = '.atlas-live[data-ready="1"][data-kind="matrix"]'


def hover_cell(app, root, row: int, col: int):
    """Hover one cell of a matrix view; its readout once it shows that cell."""
    root.locator(f'td[data-row="{row}"][data-col="{col}"]').hover()
    readout = root.locator(".atlas-live-readout")
    app.page.wait_for_function("([el, r, c]) => el.dataset.row === String(r) && el.dataset.col === String(c)",
                               arg=[readout.element_handle(), row, col], timeout=5_000)
    return readout


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_translation_alignment_hover_shows_the_decodes_exact_weights(app, lang, tmp_path):
    """The numbers drawn are the server's decode, bit for bit (read from the page's own .npz export: this process's
    torch may round the last bit differently on another thread count), and that decode is the model's: its
    contexts are the weights times the encoder states, and it matches a decode computed here."""
    from model.translate.bundle import load_translator
    from model.translate.run import translate_text

    here = translate_text(load_translator("ko", "en", "additive"), "나는 학생입니다").decode  # the page's default
    root = app.page.locator(MATRIX)
    app.open("translation", lang=lang)
    root.first.wait_for(timeout=60_000)
    root = root.first
    _, exported = app.download_npz(tmp_path)
    weights, states, contexts = exported["weights"], exported["encoder_states"], exported["contexts"]  # (T, m)...
    output, source = list(exported["output_tokens"]), list(exported["source_tokens"])
    np.testing.assert_allclose(np.einsum("tm,mc->tc", weights, states), contexts, atol=1e-5)
    np.testing.assert_allclose(weights, here.weights, atol=1e-6)
    assert (output, source) == (list(here.output), list(here.source))
    assert root.locator("th.atlas-live-row").all_inner_texts() == output
    assert root.locator("th.atlas-live-col").all_inner_texts() == source
    cells = root.locator("td").all_inner_texts()  # two decimals, as the Plotly view prints them
    assert cells == [f"{v:.2f}" for v in weights.ravel()]
    runs = app.run_count()
    for row, col in ((0, 0), (1, 2), (len(output) - 1, len(source) - 1)):
        readout = hover_cell(app, root, row, col)
        assert np.float32(float(readout.get_attribute("data-value"))) == weights[row, col]
        assert shown_value(readout.inner_text()) == weights[row, col]  # the shortest text of that float32
        assert readout.inner_text().startswith("output word" if lang == "en" else "출력 단어")
    assert app.run_count() == runs, "hovering must not rerun the script"
    app.assert_healthy()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_step_through_matrices_print_and_hover_the_computed_numbers(app, lang):
    from model import toy

    example = toy.preset_example("student")  # the page's default example, basic self-attention
    app.open("step-through", lang=lang, s="softmax", q="2")
    root = app.page.locator(MATRIX).first
    root.wait_for(timeout=60_000)
    run = toy.compute_toy(example, "basic", 1, True, 1.0)
    weights = run.weights[0]  # (n, n) float64
    assert root.locator("th.atlas-live-row").all_inner_texts() == list(run.tokens)
    assert root.locator("tr.atlas-live-on th").inner_text() == run.tokens[2]  # the chosen query's row
    for row, col in ((2, 0), (0, 3)):
        readout = hover_cell(app, root, row, col)
        assert float(readout.get_attribute("data-value")) == weights[row, col]  # float64, bit for bit
        assert float(NUMBER.search(readout.inner_text()).group(0)) == weights[row, col]
    app.assert_healthy()


def test_typed_token_names_in_a_matrix_are_shown_as_text_never_run(app):
    """The Step-through's tokens are whatever a link or an editor says: the matrix view sets them as text."""
    from dataclasses import replace

    from model import toy

    nasty = ("<b>bold</b>", "<img src=x>", "a&amp;b")  # a token name has at most 16 characters
    example = replace(toy.preset_example("pencil"), tokens=nasty)
    app.open("step-through", e=toy.encode_example(example))
    root = app.page.locator(MATRIX).first
    root.wait_for(timeout=60_000)
    assert root.locator("th.atlas-live-row").all_inner_texts() == list(nasty)
    injected = root.evaluate("el => [...el.querySelectorAll('b, img, script')].map(e => e.outerHTML)")
    assert not injected, injected
    assert not app.dialogs
    app.assert_healthy()
