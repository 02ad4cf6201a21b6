"""`python -m model trace` on a fresh clone, offline: the export keys and their meaning."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "model", "trace", *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300
    )


def test_text_trace_npz_has_documented_keys(tmp_path):
    out = tmp_path / "t.npz"
    done = run_cli("--text", "I am a student", "--out", str(out))
    assert done.returncode == 0, done.stderr
    z = np.load(out)
    tokens = list(z["tokens"])
    n = len(tokens)
    assert tokens == ["[CLS]", "i", "am", "a", "student", "[SEP]"]
    for key in ("x", "attn_out", "block_out"):
        assert z[key].shape == (6, n, 384)
    for key in ("q", "k", "v", "head_out"):
        assert z[key].shape == (6, 12, n, 32)
    for key in ("scores", "weights"):
        assert z[key].shape == (6, 12, n, n)
    assert z["rollout"].shape == (n, n)
    np.testing.assert_allclose(z["rollout"].sum(-1), 1.0, atol=1e-5)
    e = np.exp(z["scores"] * z["scale"])
    np.testing.assert_allclose(e / e.sum(-1, keepdims=True), z["weights"], atol=1e-5)


def test_json_summary(tmp_path):
    out = tmp_path / "t.json"
    done = run_cli("--text", "attention", "--json", "--out", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["tokens"] == ["[CLS]", "attention", "[SEP]"]
    assert np.array(summary["cls_weights"]).shape == (6, 12, 3)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--text", "   "], "no text"),
        (["--image", "does-not-exist.png"], "No file"),
        (["--text", "hi", "--model", "no-such/model-xyz"], "not on this machine"),
    ],
)
def test_bad_inputs_exit_2_with_a_message(tmp_path, args, words):
    done = run_cli(*args, "--out", str(tmp_path / "x.npz"))
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.npz").exists()


def test_pretrained_model_offline_names_the_file(tmp_path):
    image = tmp_path / "img.png"
    from PIL import Image

    Image.new("RGB", (32, 32), "red").save(image)
    done = run_cli(
        "--image", str(image), "--model", "vit_tiny_patch16_224.augreg_in21k_ft_in1k", "--out", str(tmp_path / "x.npz")
    )
    assert done.returncode == 2
    assert "model.safetensors" in done.stderr and "timm/vit_tiny_patch16_224.augreg_in21k_ft_in1k" in done.stderr
