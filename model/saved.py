"""A trace saved with the bundled model: the default sample's, so its first figures need no torch.

A fresh server imports torch, torchvision and timm (about 3 s on two cores) before it can run
a model. The first picture everyone sees is the default sample on the bundled model, so
`make samples` saves that trace next to the sample, and the Image page draws from it while the
model loads. It is the model's own output, not a copy: the file records the SHA-256 of the
weights and of the picture it was traced from, and is ignored when either differs, and a test
traces the sample afresh and compares every field.
"""

import dataclasses
import hashlib
import io
import json
from pathlib import Path

import numpy as np

from model.errors import Notice
from model.trace import Trace

_META = "meta"  # the npz entry holding the non-array fields and the two digests, as JSON


def saved_path(picture: Path) -> Path:
    """Where the trace of a sample picture is saved: beside it, `<file>.trace.npz`."""
    return picture.with_name(picture.name + ".trace.npz")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
    meta["grid"] = tuple(meta["grid"]) if meta["grid"] is not None else None
    meta["top5"] = tuple((label, p) for label, p in meta["top5"])
    meta["notices"] = tuple(Notice(code, message, params) for code, message, params in meta["notices"])
    return Trace(**arrays, **meta)
