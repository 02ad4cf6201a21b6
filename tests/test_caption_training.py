"""Training the captioners is reproducible: the same scenes and seed give the same weights, bit for bit."""

from dataclasses import replace

import pytest
import torch

from model.caption.captioner import CAPTION_KINDS
from model.caption.scenes import make_scenes
from training.train_captioner import TrainConfig, train, training_data


@pytest.mark.parametrize("kind", CAPTION_KINDS)
def test_the_same_seed_trains_the_same_weights(kind):
    data = training_data(make_scenes(64, seed=5))
    config = replace(TrainConfig(), steps=6, warmup=2, batch_size=16)
    first, _ = train(kind, data, config)
    second, _ = train(kind, data, config)
    other, _ = train(kind, data, replace(config, seed=1))
    for name, value in first.state_dict().items():
        assert torch.equal(value, second.state_dict()[name]), name
    assert any(not torch.equal(v, other.state_dict()[k]) for k, v in first.state_dict().items())
