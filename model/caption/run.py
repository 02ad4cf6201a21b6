"""Caption one image with a bundled captioner and keep every number of the decode.

The decode is `model.translate.rnn.greedy_decode`, the translators' own, run on the image's
regions in place of a source sentence: its `RnnDecode` has the region labels ("r0c0", …) as
`source` and the region states h_i as `encoder_states`. The user may pick the word at any step
("forced"); later steps continue from it.
"""

import io
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image

from model.caption.bundle import LoadedCaptioner
from model.caption.captioner import LANGUAGES, region_labels
from model.caption.scenes import render
from model.translate.rnn import RnnDecode, greedy_decode
from model.translate.vocab import STOP

MAX_STEPS = 24  # the longest caption has 17 tokens and </s>


@dataclass(frozen=True)
class CaptionRun:
    model_id: str
    kind: str
    lang: str  # the caption's language
    image: np.ndarray  # (H, W, 3) uint8, as the model saw it
    grid: int  # G: regions per side; region i covers row i // G, column i % G
    decode: RnnDecode

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for w in self.decode.output if w != STOP)

    @property
    def text(self) -> str:
        """The caption as a person writes it."""
        return render(self.words, self.lang)

    def attention_map(self, step: int) -> np.ndarray | None:
        """(G, G) attention weights of one step over the image's regions; None without attention."""
        if self.decode.weights is None:
            return None
        return self.decode.weights[step].reshape(self.grid, self.grid)


def fit_image(image: Image.Image, size: int) -> np.ndarray:
    """Any RGB picture -> (size, size, 3) uint8, squashed to a square as the captioner was trained."""
    return np.asarray(image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR), dtype=np.uint8)


class _OneImage:
    """The captioner with one image's regions in place of a source sentence, as `greedy_decode` reads a model."""

    def __init__(self, module, h: torch.Tensor, s0: torch.Tensor):
        self.module, self.h, self.s0 = module, h, s0
        self.step, self.read = module.step, module.read

    def encode(self, source, lengths):
        return self.h, self.s0  # (1, m, C), (1, C)


@torch.inference_mode()
def caption_image(captioner: LoadedCaptioner, image: np.ndarray, lang: str,
                  forced: tuple[tuple[int, str], ...] = ()) -> CaptionRun:
    """Caption an (H, W, 3) uint8 image of the model's size in `lang`, with the user's `forced` (step, word) picks."""
    module = captioner.module
    grid = module.config.grid
    h, s0 = module.encode(torch.from_numpy(np.array(image, dtype=np.uint8))[None],
                          torch.tensor([LANGUAGES.index(lang)]))  # (1, m, C), (1, C)
    choices = {t: captioner.target_vocab.id(word) for t, word in forced}
    decode = greedy_decode(_OneImage(module, h, s0), list(range(grid * grid)), captioner.target_vocab.tokens,
                           region_labels(grid), choices, max_steps=MAX_STEPS)
    return CaptionRun(captioner.model_id, captioner.kind, lang, image, grid, decode)


def caption_npz_bytes(run: CaptionRun) -> bytes:
    """The whole decode as `.npz` (README: Export format, captioning)."""
    decode = run.decode
    arrays = {
        "model_id": np.array(run.model_id), "kind": np.array(run.kind), "lang": np.array(run.lang),
        "image": run.image, "grid": np.int32(run.grid), "region_labels": np.array(decode.source),
        "input_tokens": np.array(decode.inputs), "output_tokens": np.array(decode.output),
        "forced_steps": np.array(decode.forced, dtype=np.int32), "region_states": decode.encoder_states,
        "initial_state": decode.initial_state, "states": decode.states, "logits": decode.logits,
    }
    if decode.weights is not None:
        arrays |= {"scores": decode.scores, "weights": decode.weights, "contexts": decode.contexts}
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()
