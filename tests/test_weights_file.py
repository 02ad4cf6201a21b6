"""Hostile weights files are refused before anything is allocated or unpacked (issue 11, cases 1 and 2).

Each hostile file is built here. The memory checks watch the process's peak RSS while the loader
runs, under an address-space limit: should a regression try to allocate gigabytes, the call fails
instead of taking the machine down.
"""

import io
import json
import re
import resource
import struct
import threading
import time
import zipfile
from contextlib import contextmanager
from types import SimpleNamespace

import psutil
import pytest
import timm
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safetensors.torch import save

import model.weights_file as wf
from i18n import TEXT, t
from model.catalog import bundled_files
from model.errors import AtlasError
from model.loading import load_vit_from_weights, read_state_dict
from model.weights_file import (
    MAX_PARAMS,
    TensorSpec,
    allowed_vit_architectures,
    check_zip_sizes,
    fit_problems,
    max_unpacked_bytes,
    param_counts,
    safetensors_specs,
    vit_architecture_names,
)

ARCH = "vit_tiny_patch16_224"
MB = 1_000_000
MAX_GROWTH = 100 * MB


@contextmanager
def watched_memory(headroom: int = 2**30):
    """Yields a record whose .growth (peak RSS over the start, bytes) and .seconds are set on exit."""
    process = psutil.Process()
    base = process.memory_info().rss
    peak, stop = [base], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            stop.wait(0.001)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()  # before the limit: a thread's stack and arena are address space too
    limits = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (process.memory_info().vms + headroom, limits[1]))
    record = SimpleNamespace(growth=0, seconds=0.0)
    start = time.perf_counter()
    try:
        yield record
    finally:
        record.seconds = time.perf_counter() - start
        resource.setrlimit(resource.RLIMIT_AS, limits)
        stop.set()
        thread.join()
        record.growth = max(peak[0], process.memory_info().rss) - base


def translated(err: AtlasError) -> None:
    """English is exactly the back end's message; Korean exists with the same placeholders."""
    key = f"error.{err.code}"
    assert key in TEXT, f"no translation for {key}"
    assert t(key, "en", **err.params) == str(err)
    assert re.search("[가-힣]", t(key, "ko", **err.params))


def refused(data: bytes, filename: str, code: str, arch: str = ARCH, max_growth: int = MAX_GROWTH) -> AtlasError:
    with watched_memory() as memory, pytest.raises(AtlasError) as info:
        load_vit_from_weights(data, filename, arch)
    assert info.value.code == code, str(info.value)
    assert memory.growth < max_growth, f"RSS grew {memory.growth / MB:.0f} MB"
    translated(info.value)
    return info.value


def safetensors_bytes(header, body: bytes = b"", length: int | None = None) -> bytes:
    text = header if isinstance(header, (str, bytes)) else json.dumps(header)
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw) if length is None else length) + raw + body


def deflated(archive: bytes, level: int = 9) -> bytes:
    """The same zip with every entry deflated (torch.save writes them stored)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst,
    ):
        for info in src.infolist():
            with src.open(info) as entry, dst.open(info.filename, "w", force_zip64=True) as target:
                while chunk := entry.read(2**22):
                    target.write(chunk)
    return out.getvalue()


def saved(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def tiny_state():
    torch.manual_seed(0)
    return timm.create_model(ARCH, pretrained=False, num_classes=7).state_dict()


# --- case 1: the architecture and the head decide what is allocated ---------------------------


def largest_listed() -> str:
    counts = {name: count for name, count in param_counts().items() if count is not None}
    return max(counts, key=counts.get)


@pytest.mark.parametrize("arch", ["vit_7b_patch16_dinov3", "vit_large_patch16_224", largest_listed()])
def test_large_architectures_are_refused_before_anything_is_built(arch):
    data = bundled_files()[1].read_bytes()  # the bundled 1.8 MB file
    start = time.perf_counter()
    err = refused(data, "atlas_shapes_vit.safetensors", "weights_arch_too_large", arch=arch)
    assert time.perf_counter() - start < 2
    assert f"{param_counts()[arch]:,}" in str(err) and "100,000,000" in str(err)


def test_88_byte_file_with_a_50_million_class_head_is_refused_without_allocating():
    data = save({"head.weight": torch.empty(50_000_000, 0)})
    assert len(data) == 88
    err = refused(data, "tiny.safetensors", "weights_head")
    assert "(50000000, 0)" in str(err) and "100,000" in str(err)


@pytest.mark.parametrize("shape", [(), (7,), (7, 192, 1), (0, 192), (100_001, 0)])
def test_a_head_that_is_not_classes_by_width_is_a_clear_error(shape):
    refused(save({"head.weight": torch.zeros(shape)}), "head.safetensors", "weights_head")


def test_head_of_the_wrong_width_is_a_mismatch(tiny_state):
    state = dict(tiny_state, **{"head.weight": torch.zeros(7, 5)})
    err = refused(save(state), "w.safetensors", "weights_mismatch")
    assert "head.weight (7, 5) ≠ (7, 192)" in str(err)


def test_a_head_that_pushes_the_model_past_the_parameter_limit_is_refused():
    # ViT-B/16 is 86 M parameters; a 20 000-class head adds 15 M. One byte per weight keeps the file small.
    data = save({"head.weight": torch.zeros(20_000, 768, dtype=torch.uint8)})
    err = refused(data, "wide.safetensors", "weights_too_many_params", arch="vit_base_patch16_224")
    assert "20,000 classes" in str(err)


def test_non_vit_architectures_are_refused_by_name():
    data = bundled_files()[1].read_bytes()
    refused(data, "w.safetensors", "model_not_vit", arch="resnet18")
    refused(data, "w.safetensors", "unknown_model", arch="not_a_model")


# --- case 2: a .pth may not unpack to much more than itself ------------------------------------


def test_pth_zip_bomb_is_refused_before_unpacking():
    bomb = deflated(saved({"head.weight": torch.zeros(16 * 2**20)}))  # 64 MiB of zeros
    assert len(bomb) < 200_000
    err = refused(bomb, "bomb.pth", "weights_inflates", max_growth=32 * MB)  # unpacking would add 67 MB
    assert "67.1 MB" in str(err)
    with pytest.raises(AtlasError) as info:
        read_state_dict(bomb, "bomb.pth")
    assert info.value.code == "weights_inflates"


def test_deflated_checkpoint_of_the_right_architecture_still_loads(tiny_state):
    data = deflated(saved({"state_dict": tiny_state, "epoch": 3}), level=1)
    assert sum(v.numel() * 4 for v in tiny_state.values()) / len(data) < 1.3  # float weights barely deflate
    loaded = load_vit_from_weights(data, "ckpt.pth", ARCH)
    torch.testing.assert_close(loaded.module.state_dict()["head.weight"], tiny_state["head.weight"])


def zeros_zip(size: int, method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("archive/data/0", bytes(size))
    return out.getvalue()


def unpack_limit(packed: int) -> int:
    assert max_unpacked_bytes(packed) == min(4 * packed + 1_000_000, wf.MAX_WEIGHTS_BYTES)  # the documented rule
    return max_unpacked_bytes(packed)


def test_unpack_limit_is_four_times_the_file_plus_one_megabyte():
    outcomes = set()
    for size in range(1_003_000, 1_007_000, 200):  # the limit for these ~1 kB archives lies near 1 004 500
        data = zeros_zip(size)
        too_much = size > unpack_limit(len(data))
        try:
            check_zip_sizes(data, "z.pth")
            outcomes.add(False)
            assert not too_much, size
        except AtlasError as err:
            outcomes.add(True)
            assert too_much and err.code == "weights_inflates", size
    assert outcomes == {True, False}


def test_total_size_limit_holds_for_both_formats(monkeypatch):
    monkeypatch.setattr(wf, "MAX_WEIGHTS_BYTES", 1_000_000)
    for data, name in (
        (zeros_zip(2_000_000, zipfile.ZIP_STORED), "big.pth"),
        (save({"w": torch.zeros(500_000)}), "big.safetensors"),
    ):
        with pytest.raises(AtlasError) as info:
            read_state_dict(data, name)
        assert info.value.code == "weights_too_big"
        translated(info.value)


def test_legacy_prefixed_and_concatenated_archives_are_refused(tiny_state):
    legacy = io.BytesIO()
    torch.save({"w": torch.zeros(3)}, legacy, _use_new_zipfile_serialization=False)
    small = saved({"w": torch.zeros(3)})
    for data in (legacy.getvalue(), b"junk" + small, small + small):
        with pytest.raises(AtlasError) as info:
            read_state_dict(data, "w.pth")
        assert info.value.code == "weights_unreadable"


# --- safetensors headers, read here -------------------------------------------------------------

F32 = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
BAD_HEADERS = {
    "length past the end": safetensors_bytes({"w": F32}, bytes(8), length=10**6),
    "length over the limit": safetensors_bytes({"w": F32}, bytes(8), length=2 * 10**6),
    "too short": b"\x01\x00",
    "not JSON": safetensors_bytes("{nope", bytes(8)),
    "not UTF-8": safetensors_bytes(b'{"\xff": 1}', bytes(8)),
    "deep JSON": safetensors_bytes("[" * 100_000 + "]" * 100_000),
    "a list": safetensors_bytes([1, 2]),
    "missing field": safetensors_bytes({"w": {"dtype": "F32", "shape": [2]}}, bytes(8)),
    "extra field": safetensors_bytes({"w": dict(F32, extra=1)}, bytes(8)),
    "unknown dtype": safetensors_bytes({"w": dict(F32, dtype="F128")}, bytes(8)),
    "negative dim": safetensors_bytes({"w": dict(F32, shape=[-2])}, bytes(8)),
    "bool dim": safetensors_bytes({"w": dict(F32, shape=[True, 2])}, bytes(8)),
    "float dim": safetensors_bytes({"w": dict(F32, shape=[2.0])}, bytes(8)),
    "too many dims": safetensors_bytes({"w": dict(F32, shape=[1] * 9, data_offsets=[0, 4])}, bytes(4)),
    "size ≠ offsets": safetensors_bytes({"w": dict(F32, shape=[3])}, bytes(8)),
    "huge shape": safetensors_bytes({"w": dict(F32, shape=[2**62, 2**62])}, bytes(8)),
    "end before begin": safetensors_bytes({"w": dict(F32, shape=[0], data_offsets=[8, 0])}, bytes(8)),
    "overlap": safetensors_bytes({"a": F32, "b": dict(F32, data_offsets=[4, 12])}, bytes(12)),
    "gap": safetensors_bytes({"a": dict(F32, data_offsets=[4, 12])}, bytes(12)),
    "trailing bytes": safetensors_bytes({"w": F32}, bytes(9)),
    "repeated name": safetensors_bytes(
        '{"w": %s, "w": %s}' % (json.dumps(F32), json.dumps(dict(F32, shape=[1, 2]))), bytes(8)
    ),
    "metadata not strings": safetensors_bytes({"__metadata__": {"a": 1}, "w": F32}, bytes(8)),
}


@pytest.mark.parametrize("name", BAD_HEADERS)
def test_malformed_safetensors_headers_are_refused(name):
    with pytest.raises(AtlasError) as info:
        read_state_dict(BAD_HEADERS[name], "w.safetensors")
    assert info.value.code == "weights_unreadable"
    translated(info.value)


def test_header_specs_match_what_safetensors_reads(tiny_state):
    data = save(tiny_state, metadata={"format": "pt"})
    specs = safetensors_specs(data, "w.safetensors")
    assert specs == {k: TensorSpec(tuple(v.shape), "F32") for k, v in tiny_state.items()}
    assert specs == wf.tensor_specs(read_state_dict(data, "w.safetensors"))


def test_fit_problems_name_missing_unexpected_shape_and_dtype():
    expected = {"a": TensorSpec((2,), "F32"), "b": TensorSpec((3,), "F32"), "c": TensorSpec((1,), "F32")}
    specs = {"a": TensorSpec((2,), "I64"), "b": TensorSpec((4,), "F16"), "d": TensorSpec((1,), "F32")}
    assert fit_problems(specs, expected) == [
        "missing c", "unexpected d", "a is I64, not floating point", "b (4,) ≠ (3,)"
    ]


@pytest.mark.filterwarnings("ignore:Validating sparse tensor invariants")
def test_sparse_and_integer_tensors_in_a_pth_are_mismatches(tiny_state):
    state = dict(
        tiny_state, **{"cls_token": tiny_state["cls_token"].long(), "head.bias": tiny_state["head.bias"].to_sparse()}
    )
    err = refused(saved(state), "odd.pth", "weights_mismatch")
    assert "cls_token is torch.int64, not floating point" in str(err) and "head.bias is torch.sparse_coo" in str(err)


# --- nothing but AtlasError escapes, for any bytes ------------------------------------------------


def only_atlas_errors(data: bytes, filename: str) -> None:
    for call in (lambda: read_state_dict(data, filename), lambda: load_vit_from_weights(data, filename, ARCH)):
        try:
            call()
        except AtlasError as err:
            translated(err)


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".safetensors", ".pth"]))
def test_random_bytes_give_only_atlas_errors(data, suffix):
    only_atlas_errors(data, "f" + suffix)
    only_atlas_errors(b"PK\x03\x04" + data, "f.pth")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**65), 2**65) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
ENTRY = st.fixed_dictionaries({
    "dtype": st.sampled_from(["F32", "F16", "BOOL", "I64", "X"]) | JSON,
    "shape": st.lists(st.integers(-2, 2**40), max_size=3) | JSON,
    "data_offsets": st.lists(st.integers(-2, 64), min_size=2, max_size=2) | JSON,
})


@FUZZ
@given(
    header=st.dictionaries(
        st.sampled_from(["head.weight", "cls_token", "__metadata__", "w"]), ENTRY | JSON, max_size=4
    ),
    body=st.integers(0, 64),
    length_delta=st.sampled_from([0, 0, 0, -1, 1, 2**63]),
)
def test_fuzzed_safetensors_headers_give_only_atlas_errors(header, body, length_delta):
    raw = json.dumps(header).encode()
    only_atlas_errors(safetensors_bytes(raw, bytes(body), length=(len(raw) + length_delta) % 2**64), "f.safetensors")


SMALL_PTH = saved({"head.weight": torch.ones(3, 192), "head.bias": torch.zeros(3)})
SMALL_SAFETENSORS = save({"head.weight": torch.ones(3, 192), "head.bias": torch.zeros(3)})
SMALL_FILES = [(SMALL_PTH, ".pth"), (deflated(SMALL_PTH), ".pth"), (SMALL_SAFETENSORS, ".safetensors")]


@FUZZ
@given(st.data())
def test_mutated_files_give_only_atlas_errors(draw):
    base, suffix = draw.draw(st.sampled_from(SMALL_FILES))
    data = bytearray(base)
    for _ in range(draw.draw(st.integers(1, 4))):
        data[draw.draw(st.integers(0, len(data) - 1))] = draw.draw(st.integers(0, 255))
    cut = draw.draw(st.integers(0, len(data)))
    only_atlas_errors(bytes(data[: cut or len(data)]), "m" + suffix)


# --- the architectures offered ----------------------------------------------------------------


def test_allow_list_holds_the_classroom_models_and_not_the_large_ones():
    start = time.perf_counter()
    allowed = allowed_vit_architectures()
    assert time.perf_counter() - start < 5
    for name in ("vit_tiny_patch16_224", "vit_small_patch16_224", "vit_base_patch16_224", "deit_tiny_patch16_224",
                 "deit_small_patch16_224", "deit_tiny_distilled_patch16_224", "deit_small_distilled_patch16_224"):
        assert name in allowed
    for name in ("vit_large_patch16_224", "vit_huge_patch14_224", "vit_7b_patch16_dinov3"):
        assert name not in allowed
    assert all(param_counts()[name] <= MAX_PARAMS for name in allowed)
    assert "vit_small_patch16_224" not in allowed_vit_architectures(10_000_000)


def test_meta_count_equals_a_real_models_count():
    real = timm.create_model(ARCH, pretrained=False)
    assert param_counts()[ARCH] == sum(p.numel() for p in real.parameters()) == 5_717_416


def test_saved_counts_are_this_timms_and_recount_the_same():
    saved_file = json.loads(wf.PARAM_COUNTS.read_text(encoding="utf-8"))
    assert saved_file["timm"] == timm.__version__, "timm changed: run python -m model.weights_file"
    assert sorted(saved_file["params"]) == vit_architecture_names()
    # near the limit on both sides, distilled, hybrid, huge
    for name in (
        "vit_base_r50_s16_384", "vit_base_r26_s32_224", "deit_small_distilled_patch16_224", "vit_7b_patch16_dinov3"
    ):
        assert wf.count_params(name) == saved_file["params"][name], name
