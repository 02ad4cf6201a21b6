"""AppTest runs of what issue 15 added to the Image and Sentence pages, with the real bundled models:
the head finder, the "it → animal" preset, BERT's formulas and MLP, the ViT's loss step, Korean labels."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from model.head_finder import rank_heads, token_index
from model.inputs import decode_image
from model.samples import load_samples
from model.text.trace import trace_text
from model.vit.trace import model_input
from tests.test_app_pages import needs_bundled_vit, open_page

PRESET = "The animal didn't cross the street because it was too tired"
OTHER_CONTENT_WORDS = ("cross", "street", "because", "was", "tired")


@pytest.fixture(scope="module")
def sentence_page():
    return open_page("ui/sentence_page.py")


@pytest.fixture(scope="module")
def image_page():
    return open_page("ui/image_page.py")


def test_it_animal_preset_opens_on_a_head_where_it_reads_animal_most(sentence_page, minilm):
    at = sentence_page
    layer, head = at.session_state["txt-layer"], at.session_state["txt-head"]  # the live explorer opens there
    trace = trace_text(minilm, PRESET)
    it, animal = token_index(trace.tokens, "it"), token_index(trace.tokens, "animal")
    row = trace.weights[layer, head, it]  # (N,) what "it" reads in the opened head
    for word in OTHER_CONTENT_WORDS:
        assert row[animal] > row[token_index(trace.tokens, word)], word
    assert row[animal] == trace.weights[:, :, it, animal].max()  # the finder's best: no head gives more
    assert at.selectbox(key="txt-query").value == it
    said = next(box.value for box in at.info if "head finder" in box.value)
    assert f"layer {layer}, head {head}" in said and f"{row[animal]:.2f}" in said


def test_finder_opens_the_chosen_head(sentence_page, minilm):
    at = sentence_page
    at.segmented_control(key="txt-view").set_value("finder").run()
    trace = trace_text(minilm, PRESET)
    query, key = at.selectbox(key="txt-query").value, token_index(trace.tokens, "street")
    at.selectbox(key="txt-finder-key").set_value(key).run()
    at.selectbox(key="txt-finder-rank").set_value(2).run()  # the third best head
    at.button(key="txt-finder-open").click().run()
    assert not at.exception
    ranking = rank_heads(trace.weights, query, key)
    assert at.segmented_control(key="txt-view").value == "matrix"
    assert (at.slider(key="txt-layer").value, at.selectbox(key="txt-head").value) == (ranking.layers[2],
                                                                                       ranking.heads[2])


def test_sentence_inspector_shows_berts_biases_and_post_norm(sentence_page, minilm):
    at = sentence_page
    at.segmented_control(key="txt-view").set_value("inspector").run()
    at.slider(key="txt-layer").set_value(2).run()
    at.selectbox(key="txt-head").set_value(4).run()
    at.segmented_control(key="txt-insp-step").set_value("qkv").run()
    assert "b_Q" in at.latex[0].value
    table = at.dataframe[0].value
    d = 32
    bias = minilm.module.encoder.layer[2].attention.self.query.bias.detach().numpy()[4 * d:5 * d]
    np.testing.assert_allclose(table["b_Q"].to_numpy(dtype=float), bias, atol=1e-6)
    at.segmented_control(key="txt-insp-step").set_value("residual").run()
    assert r"\mathrm{LayerNorm}(h_{\ell-1} + \mathrm{MHA}(h_{\ell-1}))" in at.latex[0].value
    at.segmented_control(key="txt-insp-step").set_value("mlp").run()
    assert not at.exception
    formula = at.latex[0].value
    assert r"h_\ell = \mathrm{LayerNorm}(h' + \mathrm{MLP}(h'))" in formula and "GELU" in formula
    assert any("F = 1536" in m.value for m in at.markdown)  # 4·C hidden units, C = 384


@needs_bundled_vit
def test_image_loss_step_is_cross_entropy_of_the_models_logits(image_page, bundled_vit):
    at = image_page
    at.segmented_control(key="img-view").set_value("inspector").run()
    at.segmented_control(key="img-insp-step").set_value("loss").run()
    assert not at.exception
    _, pixels = model_input(bundled_vit, decode_image(load_samples()[0].read_bytes()).image)
    with torch.no_grad():
        logits = bundled_vit.module(pixels)  # (1, K)
    label = at.selectbox(key="img-insp-label")
    assert label.value == int(logits.argmax())  # the predicted class by default
    for chosen in (label.value, (label.value + 1) % logits.shape[1]):
        at.selectbox(key="img-insp-label").set_value(chosen).run()
        loss = F.cross_entropy(logits, torch.tensor([chosen])).item()
        said = next(m.value for m in at.markdown if m.value.startswith("Loss for y"))
        assert f"**{loss:.4f}**" in said


@needs_bundled_vit
def test_image_inspector_mlp_is_pre_norm_with_its_hidden_layer(image_page):
    at = image_page
    at.segmented_control(key="img-view").set_value("inspector").run()
    at.segmented_control(key="img-insp-step").set_value("mlp").run()
    assert not at.exception
    assert r"h_\ell = h' + \mathrm{MLP}(\mathrm{LayerNorm}(h'))" in at.latex[0].value
    assert any("Hidden layer" in m.value for m in at.markdown)


@needs_bundled_vit
def test_image_finder_ranks_heads_for_a_key_patch(image_page):
    at = image_page
    at.segmented_control(key="img-view").set_value("finder").run()
    at.selectbox(key="img-finder-key").set_value(10).run()
    at.button(key="img-finder-open").click().run()
    assert not at.exception
    assert at.segmented_control(key="img-view").value == "inspector"


@needs_bundled_vit
def test_image_page_in_korean_names_patches_and_fusions_in_korean():
    at = open_page("ui/image_page.py", lang="ko")
    assert "패치 (0,0)" in at.selectbox(key="img-query").options
    assert not any("patch" in option for option in at.selectbox(key="img-query").options)
    assert "연산 들여다보기" in at.segmented_control(key="img-view").options
    at.segmented_control(key="img-view").set_value("rollout").run()
    assert at.selectbox(key="img-fusion").options == ["평균", "최대", "최소"]
