"""Check a visitor's weights file, and the architecture asked for, before anything is allocated or unpacked.

The bytes come from a stranger and the server is one classroom machine, so every size is read and
bounded before torch or timm is asked to make anything of that size:

- the architecture: only timm ViT/DeiT names of at most MAX_PARAMS parameters are offered
  (counted on the meta device, which allocates nothing; saved in assets/timm_vit_params.json
  because counting all 222 names takes about two minutes on 2 cores);
- .safetensors: the header is parsed here (dtype, shape and byte range of every tensor), so the
  file's tensors are known before safetensors makes any of them;
- .pth/.pt: a zip archive; its central directory says what every entry unpacks to, which is
  checked before torch.load unpacks anything (a deflated entry of zeros unpacks about 1000:1);
- the head: num_classes is read from head.weight and bounded, because timm builds the head it is given;
- the fit: every key, shape and dtype is compared with the architecture's state dict built on the
  meta device. Only a file that fits exactly is loaded into a real model.

Every refusal is an AtlasError with a message a person can act on (translations: i18n/errors.py).
"""

import functools
import io
import json
import math
import struct
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import timm
import torch

from model.errors import AtlasError

MAX_PARAMS = 100_000_000  # ViT-B/16 (86.6 M) and everything smaller fits; ViT-L/16 (304 M) does not
MAX_CLASSES = 100_000  # a head this wide on ViT-B is 77 M parameters: the parameter limit still applies
MAX_WEIGHTS_BYTES = 500_000_000  # 100 M float32 parameters are 400 MB
MAX_HEADER_BYTES = 1_000_000  # ViT-B/16's safetensors header is about 15 kB
MAX_DIMS = 8  # ViT tensors have at most 4; bounds the work of multiplying a shape out
# A .pth may unpack to at most 4 × its size + 1 MB (and MAX_WEIGHTS_BYTES): torch.save stores entries
# (1:1), deflated float weights reach about 1.1:1, and the slack covers small all-zero tensors. A 20 MB
# upload (the server's limit) thus unpacks to at most 81 MB; a deflated run of zeros would give 20 GB.
MAX_INFLATION = 4
INFLATION_SLACK = 1_000_000

PARAM_COUNTS = Path(__file__).resolve().parent.parent / "assets" / "timm_vit_params.json"
VIT_FAMILIES = ("vit_*", "deit_*")
ZIP_MAGIC = b"PK\x03\x04"

# safetensors dtype → bytes per element (the format's own names)
ITEM_BYTES = {
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
    "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8,
}
FLOAT_DTYPES = frozenset({"F16", "BF16", "F32", "F64"})
TORCH_DTYPES = {torch.float16: "F16", torch.bfloat16: "BF16", torch.float32: "F32", torch.float64: "F64"}


@dataclass(frozen=True)
class TensorSpec:
    shape: tuple[int, ...]
    dtype: str  # safetensors name ("F32"), or what else the tensor is ("torch.int64", "sparse", "meta")

    @property
    def floating(self) -> bool:
        return self.dtype in FLOAT_DTYPES


def size_text(n: int) -> str:
    """Bytes for a person: 16.4 kB, 67.1 MB, 1.2 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n} B"


def _unreadable(filename: str, reason: str) -> AtlasError:
    return AtlasError(
        "weights_unreadable", "{file} could not be read as weights: {reason}", file=filename, reason=reason
    )


def _too_big(filename: str, total: int) -> AtlasError:
    return AtlasError(
        "weights_too_big", "{file} holds {size} of weights, more than the {limit} this app loads.",
        file=filename, size=size_text(total), limit=size_text(MAX_WEIGHTS_BYTES),
    )


# --- .safetensors: the header, read here ------------------------------------------------------


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def _safetensors_entry(name: str, entry, filename: str) -> tuple[int, int, str, TensorSpec]:
    """(begin, end, name, spec) of one header entry, each field checked as the format defines it."""
    if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
        raise _unreadable(filename, f"header entry {name!r} is not {{dtype, shape, data_offsets}}")
    dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
    if not isinstance(dtype, str) or dtype not in ITEM_BYTES:
        raise _unreadable(filename, f"{name}: unknown dtype {str(dtype)[:20]!r}")
    if not isinstance(shape, list) or len(shape) > MAX_DIMS or not all(_is_count(d) for d in shape):
        raise _unreadable(filename, f"{name}: shape must be at most {MAX_DIMS} non-negative integers")
    if not isinstance(offsets, list) or len(offsets) != 2 or not all(_is_count(o) for o in offsets):
        raise _unreadable(filename, f"{name}: data_offsets must be two non-negative integers")
    begin, end = offsets
    # A shape with a 0 in it holds no bytes whatever its other sides: the head check bounds those.
    if end < begin or end - begin != math.prod(shape) * ITEM_BYTES[dtype]:
        raise _unreadable(filename, f"{name}: {dtype} {tuple(shape)} does not fill bytes {begin}–{end}")
    return begin, end, name, TensorSpec(tuple(shape), dtype)


def _unique_keys(pairs: list) -> dict:
    # A repeated name could be read one way here and the other way by safetensors itself.
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("repeated name")
    return dict(pairs)


def safetensors_specs(data: bytes, filename: str) -> dict[str, TensorSpec]:
    """Every tensor's dtype and shape from a .safetensors header, checked against the bytes that follow it.

    Layout: 8-byte little-endian header length n, n bytes of JSON, then the tensors' bytes, which
    the header's data_offsets must tile exactly (so the tensors can never total more than the file).
    """
    if len(data) < 8:
        raise _unreadable(filename, "shorter than a safetensors header")
    (n,) = struct.unpack("<Q", data[:8])
    if n > MAX_HEADER_BYTES or 8 + n > len(data):
        raise _unreadable(filename, f"header length {n} does not fit the file (at most {MAX_HEADER_BYTES} bytes)")
    body = len(data) - 8 - n
    if body > MAX_WEIGHTS_BYTES:
        raise _too_big(filename, body)
    try:
        header = json.loads(data[8 : 8 + n].decode("utf-8"), object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _unreadable(filename, "the header is not JSON with one entry per name") from None
    if not isinstance(header, dict):
        raise _unreadable(filename, "the header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise _unreadable(filename, "__metadata__ must map names to strings")
    entries = sorted(_safetensors_entry(name, entry, filename) for name, entry in header.items())  # names are unique
    position = 0
    for begin, end, name, _ in entries:
        if begin != position:
            raise _unreadable(filename, f"{name}: its bytes overlap another tensor or leave a gap")
        position = end
    if position != body:
        raise _unreadable(filename, f"the tensors cover {position} bytes of the {body} after the header")
    return {name: spec for _, _, name, spec in entries}


# --- .pth/.pt: the zip directory, read before torch.load unpacks anything -------------------------


def max_unpacked_bytes(packed: int) -> int:
    """The most a .pth archive of `packed` bytes may unpack to."""
    return min(MAX_INFLATION * packed + INFLATION_SLACK, MAX_WEIGHTS_BYTES)


def _zip_directory(data: bytes, filename: str) -> list[zipfile.ZipInfo]:
    not_zip = (
        "not a zip archive: PyTorch's format before 1.6 is not read here; save it again with torch.save or as "
        ".safetensors"
    )
    # torch.load takes only these four bytes as "zip"; anything else goes to its legacy reader, which
    # allocates the sizes its pickle declares before reading any data, so it is never reached.
    if data[:4] != ZIP_MAGIC:
        raise _unreadable(filename, not_zip)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            end = zipfile._EndRecData(io.BytesIO(data))  # the end record torch's reader (miniz) reads too
            # Python shifts the directory when the end record's offset disagrees with where it lies
            # (data prepended); miniz does not, so the two would read different directories.
            same_directory = end is not None and archive.start_dir == end[zipfile._ECD_OFFSET]
    except Exception as err:  # zipfile raises BadZipFile, ValueError, struct.error, EOFError… on hostile bytes
        raise _unreadable(filename, f"{not_zip} ({str(err)[:80]})") from None
    names = [info.filename for info in infos]
    if not same_directory or len(set(names)) != len(names):
        raise _unreadable(filename, "the zip directory is ambiguous (shifted, or names repeated)")
    return infos


def check_zip_sizes(data: bytes, filename: str) -> None:
    """Refuse a .pth whose entries unpack to more than max_unpacked_bytes(len(data)); nothing is unpacked here.

    One rule on the total, not one per entry: the total is what bounds memory, and a per-entry
    ratio would refuse honest checkpoints (an all-zero bias deflates a thousandfold).
    """
    unpacked = sum(info.file_size for info in _zip_directory(data, filename))
    if unpacked > MAX_WEIGHTS_BYTES:
        raise _too_big(filename, unpacked)
    if unpacked > max_unpacked_bytes(len(data)):
        raise AtlasError(
            "weights_inflates",
            "{file} unpacks from {packed} to {size}, more than {ratio} times its size, so this app does not "
            "unpack it. Save the weights again with torch.save (which does not compress them) or as .safetensors.",
            file=filename, packed=size_text(len(data)), size=size_text(unpacked), ratio=MAX_INFLATION,
        )


def tensor_specs(state: Mapping) -> dict:
    """Spec of each tensor torch.load made; anything but a dense CPU tensor gets a dtype that fits nothing."""
    specs = {}
    for key, tensor in state.items():
        if tensor.device.type != "cpu":
            kind = tensor.device.type  # "meta": a shape with no data behind it
        elif tensor.layout != torch.strided:
            kind = str(tensor.layout)
        elif tensor.is_quantized:
            kind = "quantized"
        else:
            kind = TORCH_DTYPES.get(tensor.dtype, str(tensor.dtype))
        specs[key] = TensorSpec(tuple(tensor.shape), kind)
    return specs


# --- the fit: head, parameter count, keys and shapes ---------------------------------------------


def head_classes(specs: Mapping[str, TensorSpec], filename: str) -> int:
    """num_classes for timm, from the file's head.weight (classes, width); 0 when the file has no head."""
    head = specs.get("head.weight")
    if head is None:
        return 0
    if len(head.shape) != 2 or not 1 <= head.shape[0] <= MAX_CLASSES:
        raise AtlasError(
            "weights_head",
            "{file}: head.weight has shape {shape}, but a classifier head is (classes, width) with 1 to {limit} "
            "classes.",
            file=filename, shape=str(head.shape), limit=f"{MAX_CLASSES:,}",
        )
    return head.shape[0]


@functools.lru_cache(maxsize=16)
def meta_state_specs(arch: str, num_classes: int | None = None) -> tuple[Mapping[str, TensorSpec], int]:
    """(state-dict specs, parameter count) of a timm model built on the meta device: no memory, no init work.

    num_classes None keeps the architecture's default head. Raises AtlasError when timm cannot build it.
    """
    kwargs = {} if num_classes is None else {"num_classes": num_classes}
    try:
        with torch.device("meta"):
            module = timm.create_model(arch, pretrained=False, **kwargs)
    except Exception as err:  # timm raises many kinds for kwargs an architecture does not take
        raise AtlasError(
            "weights_arch_failed", "timm could not build {arch} with {classes} classes: {reason}",
            arch=arch, classes=num_classes, reason=str(err)[:200],
        ) from None
    specs = {
        k: TensorSpec(tuple(v.shape), TORCH_DTYPES.get(v.dtype, str(v.dtype))) for k, v in module.state_dict().items()
    }
    return MappingProxyType(specs), sum(p.numel() for p in module.parameters())


def fit_problems(specs: Mapping[str, TensorSpec], expected: Mapping[str, TensorSpec]) -> list[str]:
    """What keeps the file from loading into the model: missing and unexpected keys, wrong shapes and dtypes."""
    missing = [f"missing {k}" for k in expected if k not in specs]
    unexpected = [f"unexpected {k}" for k in specs if k not in expected]
    wrong = []
    for key, want in expected.items():
        have = specs.get(key)
        if have is not None and have.shape != want.shape:
            wrong.append(f"{key} {have.shape} ≠ {want.shape}")
        elif have is not None and want.floating and not have.floating:
            wrong.append(f"{key} is {have.dtype}, not floating point")
    return missing + unexpected + wrong


# --- the architectures offered ---------------------------------------------------------------------


def vit_architecture_names() -> list[str]:
    return sorted({name for family in VIT_FAMILIES for name in timm.list_models(family)})


def count_params(arch: str) -> int | None:
    """Parameters of an architecture with its default head, counted on the meta device; None if it does not build."""
    try:
        return meta_state_specs(arch)[1]
    except AtlasError:
        return None


def _saved_counts() -> dict[str, int | None]:
    """The counts saved for this timm version, or {} (then they are counted again, about 2 minutes)."""
    try:
        saved = json.loads(PARAM_COUNTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return saved["params"] if saved.get("timm") == timm.__version__ else {}


@functools.lru_cache(maxsize=1)
def param_counts() -> Mapping[str, int | None]:
    """Parameter count of every timm vit_*/deit_* name: saved ones read, any other counted on meta."""
    saved = _saved_counts()
    return MappingProxyType(
        {name: saved[name] if name in saved else count_params(name) for name in vit_architecture_names()}
    )


def allowed_vit_architectures(max_params: int = MAX_PARAMS) -> list[str]:
    """The timm vit_*/deit_* names a classroom machine can hold: at most max_params parameters."""
    return [name for name, count in param_counts().items() if count is not None and count <= max_params]


def write_param_counts(path: Path = PARAM_COUNTS) -> None:
    """Count every name again and save the counts (run after upgrading timm: python -m model.weights_file)."""
    names = vit_architecture_names()
    counts = {name: count_params(name) for name in names}
    path.write_text(json.dumps({"timm": timm.__version__, "params": counts}, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    start = time.perf_counter()
    write_param_counts()
    print(
        f"{PARAM_COUNTS}: {len(json.loads(PARAM_COUNTS.read_text())['params'])} names in "
        f"{time.perf_counter() - start:.0f} s"
    )
