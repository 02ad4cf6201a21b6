"""Translate one typed sentence with a bundled model and keep every number of the decode.

For the GRU models that is `rnn.greedy_decode`; for the Transformer, the decode is greedy too and
then one more forward over the words it chose yields every layer's attention as three `Trace`s:
encoder self-attention, masked decoder self-attention and cross-attention. The user may pick
the word at any step ("forced"); later steps continue from it.
"""

import io
from dataclasses import dataclass, replace

import numpy as np
import torch

from model.errors import Notice
from model.inputs import clean_text
from model.trace import Trace, trace_from_layers
from model.translate.batch import START_ID, STOP_ID
from model.translate.bundle import MAX_SOURCE_TOKENS, TRANSFORMER, Translator
from model.translate.grammar import render
from model.translate.rnn import RnnDecode, greedy_decode
from model.translate.vocab import STOP, tokenize


@dataclass(frozen=True)
class TransformerDecode:
    source: tuple[str, ...]  # m tokens, ending with </s>
    inputs: tuple[str, ...]  # T: <s> then each chosen word but the last
    output: tuple[str, ...]  # T: the chosen words, </s> last when the decoder stopped
    forced: tuple[int, ...]
    logits: np.ndarray  # (T, V)
    encoder: Trace  # (L, H, m, m) over the source
    decoder_self: Trace  # (L, H, T, T): upper triangle zero
    cross: Trace  # (L, H, T, m): queries from the decoder, keys from the encoder


@dataclass(frozen=True)
class Translation:
    model_id: str
    kind: str
    source_lang: str
    target_lang: str
    decode: RnnDecode | TransformerDecode
    unknown: tuple[str, ...]  # typed words outside the vocabulary
    notices: tuple[Notice, ...]

    @property
    def text(self) -> str:
        """The translation as a person writes it."""
        return render([w for w in self.decode.output if w != STOP], self.target_lang)


def _trace(records: list[dict], tokens, model_id: str, key_tokens=(), causal=False) -> Trace:
    """One Trace from the Transformer's own per-layer records (model/translate/transformer.py)."""
    recorded = {name: [r[name] for r in records] for name in ("x", "attn_out", "block_out", "block_in", "mid",
                                                               "mlp_out")}
    steps = [r["steps"] for r in records]
    return trace_from_layers(
        recorded, [r["q"] for r in records], [r["k"] for r in records], [r["v"] for r in records], steps,
        records[0]["q"].shape[-1] ** -0.5, tokens=tuple(tokens), num_prefix_tokens=0, grid=None,
        model_id=model_id, input_kind="text", norm_first=True, key_tokens=tuple(key_tokens), causal=causal,
    )


@torch.inference_mode()
def transformer_decode(translator: Translator, ids: list[int], source: tuple[str, ...],
                       forced: dict[int, int]) -> TransformerDecode:
    module, words = translator.module, translator.target_vocab.tokens
    src = torch.tensor([ids])  # (1, m)
    keep = torch.ones_like(src, dtype=torch.bool)
    chosen = [START_ID]
    for t in range(min(2 * len(ids) + 5, module.config.max_tokens - 1)):  # the sinusoid table ends there
        logits = module(src, keep, torch.tensor([chosen]))["logits"][0, -1]  # (V,)
        chosen.append(forced.get(t, int(logits.argmax())))
        if chosen[-1] == STOP_ID:
            break
    out = module(src, keep, torch.tensor([chosen[:-1]]))  # every position at once: the same numbers, causally
    inputs = [words[i] for i in chosen[:-1]]
    return TransformerDecode(
        source=source, inputs=tuple(inputs), output=tuple(words[i] for i in chosen[1:]),
        forced=tuple(sorted(t for t in forced if t < len(chosen) - 1)), logits=out["logits"][0].float().numpy(),
        encoder=_trace(out["encoder"], source, translator.model_id),
        decoder_self=_trace(out["decoder_self"], inputs, translator.model_id, causal=True),
        cross=_trace(out["cross"], inputs, translator.model_id, key_tokens=source),
    )


def source_tokens(translator: Translator, text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Notice, ...]]:
    """Typed text -> (source tokens ending with </s>, the words the vocabulary lacks, notices on what changed).

    Raises:
        AtlasError: text_empty, text_too_long (model.inputs.clean_text), as on the Sentence page.
    """
    cleaned = clean_text(text)
    tokenized = tokenize(cleaned.text, translator.source, translator.source_vocab)
    tokens = tokenized.tokens[:MAX_SOURCE_TOKENS]
    notices = cleaned.notices
    if not tokens:
        notices += (Notice("translate_empty", "Type a sentence to translate."),)
    if tokenized.unknown:
        notices += (Notice("translate_unknown", "Not in this model's vocabulary: {words}. They are read as <unk>.",
                           {"words": ", ".join(tokenized.unknown)}),)
    if len(tokenized.tokens) > MAX_SOURCE_TOKENS:
        notices += (Notice("translate_cut", "The sentence has {total} tokens; the first {kept} were kept.",
                           {"total": len(tokenized.tokens), "kept": MAX_SOURCE_TOKENS}),)
    return tuple(tokens) + (STOP,), tokenized.unknown, notices


@torch.inference_mode()
def encoder_trace(translator: Translator, text: str) -> Trace:
    """The Transformer encoder alone on typed text: what the Sentence page shows for Korean."""
    source, _, notices = source_tokens(translator, text)
    ids = torch.tensor([translator.source_vocab.ids(source)])  # (1, m)
    _, records = translator.module.encode(ids, torch.ones_like(ids, dtype=torch.bool))
    return replace(_trace(records, source, translator.model_id), notices=notices)


def translate_text(translator: Translator, text: str, forced: tuple[tuple[int, str], ...] = ()) -> Translation:
    """Tokenize `text` for the model, decode it greedily (with the user's `forced` (step, word) choices)."""
    source, unknown, notices = source_tokens(translator, text)
    ids = translator.source_vocab.ids(source)
    choices = {t: translator.target_vocab.id(word) for t, word in forced}
    if translator.kind == TRANSFORMER:
        decode = transformer_decode(translator, ids, source, choices)
    else:
        decode = greedy_decode(translator.module, ids, translator.target_vocab.tokens, source, choices)
    return Translation(translator.model_id, translator.kind, translator.source, translator.target, decode,
                       unknown, notices)


def translation_npz_bytes(translation: Translation) -> bytes:
    """The whole decode as `.npz` (README: Export format, translation)."""
    decode = translation.decode
    arrays = {
        "model_id": np.array(translation.model_id), "kind": np.array(translation.kind),
        "source_lang": np.array(translation.source_lang), "target_lang": np.array(translation.target_lang),
        "source_tokens": np.array(decode.source), "input_tokens": np.array(decode.inputs),
        "output_tokens": np.array(decode.output), "forced_steps": np.array(decode.forced, dtype=np.int32),
        "logits": decode.logits,
    }
    if isinstance(decode, RnnDecode):
        arrays |= {"encoder_states": decode.encoder_states, "initial_state": decode.initial_state,
                   "states": decode.states}
        if decode.weights is not None:
            arrays |= {"scores": decode.scores, "weights": decode.weights, "contexts": decode.contexts}
    else:
        arrays["scale"] = np.float32(decode.encoder.scale)  # 1/√d, the same in every attention
        for part in ("encoder", "decoder_self", "cross"):
            trace = getattr(decode, part)
            for name in ("q", "k", "v", "scores", "weights", "head_out", "attn_out", "block_out"):
                arrays[f"{part}_{name}"] = getattr(trace, name)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()
