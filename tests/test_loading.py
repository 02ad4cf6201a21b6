"""Local weights files for any timm ViT: safetensors, weights-only .pth, readable mismatch errors."""

import io
import pickle

import pytest
import timm
import torch
from safetensors.torch import save

from model.errors import AtlasError
from model.loading import load_vit_from_weights, read_state_dict

ARCH = "vit_tiny_patch16_224"


@pytest.fixture(scope="module")
def state():
    torch.manual_seed(0)
    return timm.create_model(ARCH, pretrained=False, num_classes=7).state_dict()


def test_safetensors_file_loads_with_its_own_class_count(state):
    loaded = load_vit_from_weights(save(state), "mine.safetensors", ARCH)
    assert loaded.module.num_classes == 7 and len(loaded.classes) == 7
    torch.testing.assert_close(loaded.module.state_dict()["head.weight"], state["head.weight"])


def test_pth_loads_weights_only_and_unwraps_checkpoints(state):
    buffer = io.BytesIO()
    torch.save({"state_dict": state, "epoch": 3}, buffer)
    loaded = load_vit_from_weights(buffer.getvalue(), "ckpt.pth", ARCH)
    torch.testing.assert_close(loaded.module.state_dict()["cls_token"], state["cls_token"])


class Boom:
    def __reduce__(self):
        return (print, ("pickled code ran",))


def test_pickled_code_is_not_run(capsys):
    data = pickle.dumps({"x": Boom()})
    with pytest.raises(AtlasError) as err:
        read_state_dict(data, "evil.pt")
    assert err.value.code == "weights_unreadable"
    assert "pickled code ran" not in capsys.readouterr().out


def test_mismatch_lists_the_first_problems(state):
    wrong = dict(state)
    del wrong["cls_token"]
    wrong["extra.weight"] = torch.zeros(1)
    wrong["pos_embed"] = torch.zeros(1, 50, 192)
    with pytest.raises(AtlasError) as err:
        load_vit_from_weights(save(wrong), "w.safetensors", ARCH)
    message = str(err.value)
    assert "missing cls_token" in message and "unexpected extra.weight" in message
    assert "pos_embed (1, 50, 192) ≠ (1, 197, 192)" in message
    assert "3 problems" in message


@pytest.mark.parametrize("name, data, code", [
    ("w.bin", b"xx", "weights_format"),
    ("w.safetensors", b"not safetensors", "weights_unreadable"),
])
def test_unreadable_files(name, data, code):
    with pytest.raises(AtlasError) as err:
        read_state_dict(data, name)
    assert err.value.code == code and name in str(err.value)


def test_unknown_architecture(state):
    with pytest.raises(AtlasError) as err:
        load_vit_from_weights(save(state), "w.safetensors", "not_a_model")
    assert err.value.code == "unknown_model"
