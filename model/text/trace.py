"""Trace a BERT-family encoder (eager attention): the exact Q, K, V, scores, weights and outputs, token by token.

Hooks record the query, key and value projections of every layer; the attention is then
recomputed with `model.attention`, with the padding mask respected, and checked in the tests
against the model's own layer outputs. BERT is post-norm: attention → +x → LayerNorm.
"""

import threading

import torch

from model.attention import attention_steps, split_heads
from model.capture import recording
from model.errors import Notice
from model.inputs import clean_text
from model.loading import LoadedText
from model.trace import Trace, trace_from_layers


def _hook_points(layers) -> tuple[dict, dict]:
    """(outputs, inputs) to record in each layer: post-norm, so x is the block input and mid follows a LayerNorm."""
    outputs = {
        "q": [layer.attention.self.query for layer in layers],
        "k": [layer.attention.self.key for layer in layers],
        "v": [layer.attention.self.value for layer in layers],
        "attn_out": [layer.attention.output.dense for layer in layers],
        "mid": [layer.attention for layer in layers],
        "mlp_out": [layer.output.dense for layer in layers],
        "block_out": list(layers),
    }
    queries = [layer.attention.self.query for layer in layers]
    return outputs, {"x": queries, "block_in": queries}


_TOKENIZER_LOCK = threading.Lock()  # one for all tokenizers: a call takes milliseconds

HANGUL_JAMO = range(0x1100, 0x1200)  # conjoining letters: what an uncased BERT vocabulary leaves of a syllable


def vocabulary_notices(tokens: list[str], unknown: str | None) -> tuple[Notice, ...]:
    """What the model's vocabulary did to the text: Korean split into letters, pieces it does not know.

    An uncased English vocabulary (all-MiniLM-L6-v2, bert-base-uncased) decomposes each Hangul
    syllable and keeps only its letters, so "학생" reaches the model as six letter tokens: its
    attention is then between letters, not words, and the reader should know.
    """
    notices = ()
    if any(ord(ch) in HANGUL_JAMO for token in tokens for ch in token):
        notices += (Notice("text_korean_letters", "This model's vocabulary has no Korean syllables, so Korean words "
                           "are split into single letters (jamo). For Korean, choose a multilingual model."),)
    count = sum(token == unknown for token in tokens)
    if count:
        notices += (Notice("text_unknown_tokens", "{count} piece(s) of the text are not in the model's vocabulary "
                           "and appear as {unk}.", {"count": count, "unk": unknown}),)
    return notices


def tokenize(loaded: LoadedText, text: str, max_tokens: int | None = None) -> tuple[dict, tuple[Notice, ...]]:
    """Token ids for the cleaned text, cut to the model's limit (or `max_tokens`), with notices on what changed."""
    cleaned = clean_text(text)
    limit = min(max_tokens or loaded.max_tokens, loaded.max_tokens)
    # A fast tokenizer keeps its truncation setting on the shared Rust object, and every call
    # sets it: two sessions tokenizing at once with different limits would get each other's.
    with _TOKENIZER_LOCK:
        full = loaded.tokenizer(cleaned.text, truncation=False)["input_ids"]
        encoded = loaded.tokenizer(cleaned.text, truncation=True, max_length=limit, return_tensors="pt")
    pieces = loaded.tokenizer.convert_ids_to_tokens(full)
    notices = cleaned.notices + vocabulary_notices(pieces, loaded.tokenizer.unk_token)
    if len(full) > limit:
        notices += (Notice("text_truncated", "The text has {total} tokens; the first {kept} were kept.",
                           {"total": len(full), "kept": limit}),)
    return encoded, notices


def trace_text(loaded: LoadedText, text: str, max_tokens: int | None = None) -> Trace:
    """Run the encoder once on `text` and return every intermediate of every layer and head."""
    encoded, notices = tokenize(loaded, text, max_tokens)
    layers = loaded.module.encoder.layer
    config = loaded.module.config
    heads = config.num_attention_heads
    scale = (config.hidden_size // heads) ** -0.5
    keep = encoded["attention_mask"].bool()[:, None, None, :]  # (B, 1, 1, N): padding keys get weight 0
    with torch.inference_mode(), recording(*_hook_points(layers)) as rec:
        loaded.module(**encoded)
        q = [split_heads(t, heads) for t in rec["q"]]  # each (B, H, N, d)
        k = [split_heads(t, heads) for t in rec["k"]]
        v = [split_heads(t, heads) for t in rec["v"]]
        steps = [attention_steps(*qkv, scale, keep) for qkv in zip(q, k, v)]
    return trace_from_layers(
        rec, q, k, v, steps, scale,
        tokens=tuple(loaded.tokenizer.convert_ids_to_tokens(encoded["input_ids"][0])),
        num_prefix_tokens=1,
        grid=None,
        model_id=loaded.model_id,
        input_kind="text",
        norm_first=False,
        notices=notices,
    )
