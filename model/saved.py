"""Traces saved with the default models: the default sample's and the default sentence's, so their first figures
need no torch.

A fresh server imports torch, torchvision and timm (about 3 s on two cores), and transformers and MiniLM
(about 2.5 s more), before it can run a model. The first picture everyone sees is the default sample on the
bundled ViT, and the first sentence the Sentence page's first preset on MiniLM, so `make samples` saves both
traces (`assets/samples/*.trace.npz`) and the pages draw from them while the models wait until they are needed.
They are the models' own output, not a copy: each file records the SHA-256 of the weights (for the text model:
every file of its folder, tokenizer included) and of the input it was traced from, and is ignored when either
differs, and a test traces the input afresh and compares every field.
"""

import dataclasses
import hashlib
import io
import json
from pathlib import Path

import numpy as np

from model.catalog import default_text_model_dir
from model.errors import Notice
from model.samples import SAMPLES_DIR
from model.trace import Trace

_META = "meta"  # the npz entry holding the non-array fields and the two digests, as JSON
DEFAULT_SENTENCE = "The animal didn't cross the street because it was too tired"  # the Sentence page's first text
SENTENCE_TRACE = SAMPLES_DIR / "sentence.trace.npz"  # its trace on the default text model (all-MiniLM-L6-v2)


def saved_path(picture: Path) -> Path:
    """Where the trace of a sample picture is saved: beside it, `<file>.trace.npz`."""
    return picture.with_name(picture.name + ".trace.npz")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_digest(text: str) -> str:
    return digest(text.encode("utf-8", "surrogatepass"))


def text_model_digest() -> str:
    """The default text model's digest, over its folder: weights, tokenizer and config (about 90 MB to read)."""
    return folder_digest(default_text_model_dir())


def folder_digest(folder: Path) -> str:
    """SHA-256 over every file in `folder`, names and bytes in name order: a text model's weights and tokenizer."""
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        total.update(f"{path.relative_to(folder).as_posix()}\0{digest(path.read_bytes())}\n".encode())
    return total.hexdigest()


def save_trace(trace: Trace, path: Path, weights_digest: str, input_digest: str) -> None:
    arrays, meta = {}, {"weights_sha256": weights_digest, "input_sha256": input_digest}
    for f in dataclasses.fields(Trace):
        value = getattr(trace, f.name)
        if isinstance(value, np.ndarray):
            arrays[f.name] = value
        elif f.name == "notices":
            meta[f.name] = [[n.code, n.message, n.params] for n in value]
        else:
            meta[f.name] = value
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays, **{_META: np.array(json.dumps(meta, ensure_ascii=False))})
    path.write_bytes(buffer.getvalue())


def load_saved_trace(path: Path, weights_digest: str, input_digest: str) -> Trace | None:
    """The trace saved at `path`, if it was made from these weights and this input; else None."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as stored:
        meta = json.loads(str(stored[_META]))
        if (meta.pop("weights_sha256"), meta.pop("input_sha256")) != (weights_digest, input_digest):
            return None
        arrays = {name: stored[name] for name in stored.files if name != _META}
    meta["tokens"] = tuple(meta["tokens"])
    meta["key_tokens"] = tuple(meta["key_tokens"])
    meta["grid"] = tuple(meta["grid"]) if meta["grid"] is not None else None
    meta["top5"] = tuple((label, p) for label, p in meta["top5"])
    meta["notices"] = tuple(Notice(code, message, params) for code, message, params in meta["notices"])
    return Trace(**arrays, **meta)


def load_saved_sentence(weights_digest: str, text: str, max_tokens: int, path: Path = SENTENCE_TRACE) -> Trace | None:
    """The sentence trace saved at `path` if it was made from these weights and this text, and `max_tokens` would
    not cut it (it was saved whole: then a trace with any larger limit is the same); else None."""
    trace = load_saved_trace(path, weights_digest, text_digest(text))
    return trace if trace is not None and trace.num_tokens <= max_tokens else None
