"""An image captioner: a small CNN gives a grid of region features, a GRU decoder attends over them.

The encoder turns a SIZE×SIZE scene into a G×G grid of regions; region i's state h_i is its CNN
feature, projected, plus a learned vector for where the region is (so a context knows its
place, which "left of" and the reading order need). The decoder starts from a summary of the
whole picture: one vector per quadrant, side by side, so it knows at once what stands where (a
caption says "left of" or counts alike neighbours before it names the second object), plus a
learned vector for the caption's language, so one model writes English and Korean. Each
quadrant's vector is its regions weighted towards its object by a fixed learned score: a plain
mean let the background's strokes blur the shape, and "a red star below a red cross" came out
as "two red stars".

    β_q   = softmax_{i in q}(u·h_i)              pooling weights over quadrant q's regions
    h̄_q   = Σ_{i in q} β_q,i · h_i               quadrant q's summary
    s_0   = tanh(W_0·[h̄_q1 ; h̄_q2 ; h̄_q3 ; h̄_q4] + b_0 + lang)
    s_t   = GRU(embed(y_{t-1}), s_{t-1})        the decoder state
    e_t,i = vᵀ·tanh(W_s·s_t + W_h·h_i)          additive score (model/attention.py)
    α_t   = softmax(e_t)                        attention over the regions
    c_t   = Σ_i α_t,i · h_i                     the context
    logits_t = W_o·[s_t ; c_t] + b_o            without attention W_o·s_t + b_o

This is the Luong-style step of model/translate/rnn.py with the image's regions in place of a
source sentence: the decoding, the stepper and the worked score of the translation subject
apply unchanged. Without attention the decoder sees the image only as s_0: one vector.

Shapes: B batch, G grid side, m = G² regions, n caption steps, E embedding, C width, V vocabulary.
"""

from dataclasses import dataclass

import torch
from torch import nn

from model.translate.rnn import NO_ATTENTION, RnnTranslator, _score_parameters

LANGUAGES = ("en", "ko")
CAPTION_KINDS = ("additive", NO_ATTENTION)


@dataclass(frozen=True)
class CaptionerConfig:
    score: str  # "additive", or "none" for the variant without attention
    vocab: int
    image_size: int = 80
    channels: tuple[int, ...] = (16, 32, 64, 96)  # the four conv layers; the grid is image_size / 8
    embed: int = 48
    width: int = 128  # C: each region's state h_i and the decoder state s_t
    score_width: int = 96  # A: the hidden layer of the additive score

    @property
    def grid(self) -> int:
        return self.image_size // 8


def region_labels(grid: int) -> tuple[str, ...]:
    """"r0c0", "r0c1", …: region i is row i // G, column i % G, in the order of the encoder's states."""
    return tuple(f"r{r}c{c}" for r in range(grid) for c in range(grid))


def by_quadrant(x: torch.Tensor) -> torch.Tensor:
    """(B, m, ...) per region -> (B, 4, m/4, ...): the quadrants in reading order, each one's regions row by row."""
    g = round(x.shape[1] ** 0.5) // 2
    return x.view(len(x), 2, g, 2, g, *x.shape[2:]).transpose(2, 3).flatten(1, 2).flatten(2, 3)


class Captioner(nn.Module):
    def __init__(self, config: CaptionerConfig):
        super().__init__()
        if config.score not in CAPTION_KINDS:
            raise ValueError(f"unknown kind {config.score!r}; choose one of {CAPTION_KINDS}")
        self.config = config
        c1, c2, c3, c4 = config.channels
        c = config.width
        # Two stride-2 convolutions and one pooling: 8 pixels per region, a receptive field of about 35.
        self.cnn = nn.Sequential(
            nn.Conv2d(3, c1, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(c1, c2, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(c2, c3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c3, c4, 3, padding=1), nn.ReLU(),
        )
        self.project = nn.Linear(c4, c)
        self.position = nn.Parameter(torch.randn(config.grid**2, c) * 0.1)
        self.pool = nn.Linear(c, 1, bias=False)  # u: how much a region speaks for its quadrant
        self.init = nn.Linear(4 * c, c)
        self.language = nn.Embedding(len(LANGUAGES), c)
        self.target_embed = nn.Embedding(config.vocab, config.embed)
        self.decoder = nn.GRU(config.embed, c, batch_first=True)
        self.score = nn.ParameterDict(_score_parameters(config))
        self.out = nn.Linear(c if config.score == NO_ATTENTION else 2 * c, config.vocab)

    # The decoder half is the translator's, line for line: one step, and the read-out of a state.
    attends = RnnTranslator.attends
    read = RnnTranslator.read
    step = RnnTranslator.step

    def encode(self, images: torch.Tensor, language: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B', H, W, 3) uint8 images, (B,) language ids -> region states h (B, m, C), first decoder state s_0 (B, C).

        B is a multiple of B': each image is captioned B/B' times in a row (training writes both languages
        of an image from one pass of the CNN)."""
        h, s0, _ = self._encode(images, language)
        return h, s0

    def _encode(self, images: torch.Tensor, language: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """encode's h and s_0, and the quadrants' pooling weights β (B, 4, m/4)."""
        x = (images.permute(0, 3, 1, 2).float() / 255 - 0.5) / 0.25  # (B', 3, H, W)
        features = self.cnn(x).flatten(2).transpose(1, 2)  # (B', m, c4)
        h = torch.tanh(self.project(features) + self.position)  # (B', m, C)
        h = h.repeat_interleave(len(language) // len(images), dim=0)  # (B, m, C)
        pool = self.pooling(h)  # (B, 4, m/4)
        quadrants = (pool[..., None] * by_quadrant(h)).sum(2).flatten(1)  # (B, 4C), reading order
        s0 = torch.tanh(self.init(quadrants) + self.language(language))  # (B, C)
        return h, s0, pool

    def pooling(self, h: torch.Tensor) -> torch.Tensor:
        """Region states (B, m, C) -> each quadrant's pooling weights β (B, 4, m/4), in by_quadrant's order."""
        return torch.softmax(self.pool(by_quadrant(h)).squeeze(-1), dim=-1)

    def forward(self, images: torch.Tensor, language: torch.Tensor, target_in: torch.Tensor) -> dict[str, torch.Tensor]:
        """Teacher forcing (images and language as in encode): target_in (B, n) starts with <s>; returns logits
        (B, n, V), the quadrants' pooling weights (B, 4, m/4) and, with attention, scores, weights (B, n, m) and
        contexts (B, n, C)."""
        h, s0, pool = self._encode(images, language)
        states, _ = self.decoder(self.target_embed(target_in), s0[None])  # (B, n, C)
        keep = torch.ones(h.shape[:2], dtype=torch.bool)  # (B, m): every region is there
        return self.read(states, h, keep) | {"pool": pool}  # pool: for training's guidance
