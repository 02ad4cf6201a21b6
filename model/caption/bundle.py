"""The bundled captioners: their names, files and cards, and loading one (float16 on disk, float32 in use)."""

import json
from dataclasses import dataclass

from safetensors.torch import load_file

from model.caption.captioner import CAPTION_KINDS, Captioner, CaptionerConfig
from model.caption.scenes import caption_words
from model.catalog import ASSETS
from model.translate.vocab import SPECIALS, Vocab

ATTENTION = "additive"


def caption_vocab() -> Vocab:
    """<pad>, <s>, </s>, <unk>, then every word of either language."""
    return Vocab(SPECIALS + caption_words())


def model_files(kind: str):
    """(card .json, weights .safetensors) in assets/models."""
    stem = ASSETS / "models" / f"captioner_{kind}"
    return stem.with_suffix(".json"), stem.with_suffix(".safetensors")


def read_card(kind: str) -> dict | None:
    card, weights = model_files(kind)
    if not card.exists() or not weights.exists():
        return None
    return json.loads(card.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class LoadedCaptioner:
    kind: str  # one of CAPTION_KINDS
    module: Captioner  # in eval mode; shared by every session: never changed after loading
    target_vocab: Vocab  # named as the translators name theirs, so the translation stepper reads it
    card: dict

    @property
    def model_id(self) -> str:
        return self.card["id"]


def build_captioner(kind: str, sizes: dict) -> Captioner:
    """A fresh (untrained) captioner of the given kind and sizes."""
    sizes = {k: tuple(v) if isinstance(v, list) else v for k, v in sizes.items()}
    return Captioner(CaptionerConfig(kind, len(caption_vocab()), **sizes))


def load_captioner(kind: str = ATTENTION) -> LoadedCaptioner:
    """The bundled captioner of one kind, as its card describes it."""
    if kind not in CAPTION_KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {CAPTION_KINDS}")
    card = read_card(kind)
    if card is None:
        raise FileNotFoundError(f"captioner_{kind} is not in assets/models: run `make train`")
    vocab = Vocab(tuple(card["vocab"]))
    module = build_captioner(kind, card["sizes"])
    module.load_state_dict({k: v.float() for k, v in load_file(model_files(kind)[1]).items()})
    return LoadedCaptioner(kind, module.eval(), vocab, card)
