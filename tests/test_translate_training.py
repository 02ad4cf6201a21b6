"""Training the translators is reproducible: the same seed gives the same weights, bit for bit."""

import pytest
import torch

from model.translate.grammar import make_corpus
from training.train_translation import TrainConfig, config_for, train


@pytest.mark.parametrize("kind", ["additive", "transformer"])
def test_the_same_seed_trains_the_same_weights(kind):
    pairs = make_corpus(0, 400)
    config = TrainConfig(**{**config_for(kind).__dict__, "steps": 20, "warmup": 5})
    first, _ = train("ko", "en", kind, pairs, config)
    second, _ = train("ko", "en", kind, pairs, config)
    other, _ = train("ko", "en", kind, pairs, TrainConfig(**{**config.__dict__, "seed": 1}))
    for name, value in first.state_dict().items():
        assert torch.equal(value, second.state_dict()[name]), name
    assert any(not torch.equal(v, other.state_dict()[k]) for k, v in first.state_dict().items())
