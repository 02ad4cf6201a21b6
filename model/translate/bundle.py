"""The bundled translators: their names, files and cards, and loading one (float16 on disk, float32 in use)."""

import json
from dataclasses import dataclass

import torch
from safetensors.torch import load_file

from model.catalog import ASSETS
from model.translate.rnn import RNN_KINDS, RnnConfig, RnnTranslator
from model.translate.transformer import TransformerConfig, TransformerTranslator
from model.translate.vocab import Vocab

DIRECTIONS = (("ko", "en"), ("en", "ko"))
TRANSFORMER = "transformer"
KINDS = RNN_KINDS + (TRANSFORMER,)
MAX_SOURCE_TOKENS = 40  # typed text beyond this is cut: the grammar's longest sentences have under 30


def model_name(source: str, target: str, kind: str) -> str:
    return f"translate_{source}_{target}_{kind}"


def model_files(source: str, target: str, kind: str):
    """(card .json, weights .safetensors) in assets/models."""
    stem = ASSETS / "models" / model_name(source, target, kind)
    return stem.with_suffix(".json"), stem.with_suffix(".safetensors")


def read_card(source: str, target: str, kind: str) -> dict | None:
    card, weights = model_files(source, target, kind)
    if not card.exists() or not weights.exists():
        return None
    return json.loads(card.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Translator:
    source: str  # "ko" or "en"
    target: str
    kind: str  # one of KINDS
    module: torch.nn.Module  # in eval mode; shared by every session: never changed after loading
    source_vocab: Vocab
    target_vocab: Vocab
    card: dict

    @property
    def model_id(self) -> str:
        return self.card["id"]


def build_module(kind: str, source_vocab: int, target_vocab: int, sizes: dict) -> torch.nn.Module:
    """A fresh (untrained) module of the given kind and sizes."""
    if kind == TRANSFORMER:
        return TransformerTranslator(TransformerConfig(source_vocab, target_vocab, **sizes))
    return RnnTranslator(RnnConfig(kind, source_vocab, target_vocab, **sizes))


def load_translator(source: str, target: str, kind: str) -> Translator:
    """The bundled model for one direction and kind, as its card describes it."""
    card = read_card(source, target, kind)
    if card is None:
        raise FileNotFoundError(f"{model_name(source, target, kind)} is not in assets/models: run `make train`")
    source_vocab, target_vocab = Vocab(tuple(card["source_vocab"])), Vocab(tuple(card["target_vocab"]))
    module = build_module(kind, len(source_vocab), len(target_vocab), card["sizes"])
    state = {k: v.float() for k, v in load_file(model_files(source, target, kind)[1]).items()}
    module.load_state_dict(state)
    return Translator(source, target, kind, module.eval(), source_vocab, target_vocab, card)
