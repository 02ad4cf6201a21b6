"""A GRU encoder-decoder, with attention (one of four score functions) or without it (the bottleneck).

The encoder reads the source left to right; its state after word i is h_i, and the decoder starts
from the last one, s_0 = h_m. (A bidirectional encoder translated as well, but its attention
peaked on the article before a noun for a quarter of the nouns: the backward state of "the"
already holds "bird". Read one way, the first state that holds a word is the word's own.)
Each decoder step t (Luong et al. 2015, with the score functions of model/attention.py):

    s_t   = GRU(embed(y_{t-1}), s_{t-1})     the decoder state
    e_t,i = score(s_t, h_i)                  one score per source word
    α_t   = softmax(e_t)                     the attention weights
    c_t   = Σ_i α_t,i · h_i                  the context vector
    logits_t = W_o·[s_t ; c_t] + b_o         the next word's scores; without attention W_o·s_t + b_o

Without attention, s_0 is all the decoder ever learns of the source: the whole sentence squeezed
into one vector of C numbers.

Shapes: B batch, m source tokens, n target steps, E embedding width, C state width, V target vocabulary.
"""

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from model.attention import SCORE_FUNCTIONS, alignment_scores, attend

NO_ATTENTION = "none"
RNN_KINDS = (NO_ATTENTION,) + SCORE_FUNCTIONS


@dataclass(frozen=True)
class RnnConfig:
    score: str  # one of RNN_KINDS
    source_vocab: int
    target_vocab: int
    embed: int = 48
    width: int = 96  # C: the decoder state and each encoder state
    score_width: int = 96  # A: the hidden layer of the additive score


class RnnTranslator(nn.Module):
    def __init__(self, config: RnnConfig):
        super().__init__()
        if config.score not in RNN_KINDS:
            raise ValueError(f"unknown kind {config.score!r}; choose one of {RNN_KINDS}")
        self.config = config
        c = config.width
        self.source_embed = nn.Embedding(config.source_vocab, config.embed)
        self.encoder = nn.GRU(config.embed, c, batch_first=True)
        self.target_embed = nn.Embedding(config.target_vocab, config.embed)
        self.decoder = nn.GRU(config.embed, c, batch_first=True)
        self.score = nn.ParameterDict(_score_parameters(config))
        self.out = nn.Linear(c if config.score == NO_ATTENTION else 2 * c, config.target_vocab)

    @property
    def attends(self) -> bool:
        return self.config.score != NO_ATTENTION

    def encode(self, source: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, m) token ids, (B,) lengths -> encoder states h (B, m, C), first decoder state s_0 (B, C)."""
        packed = nn.utils.rnn.pack_padded_sequence(
            self.source_embed(source), lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        states, last = self.encoder(packed)  # last: (1, B, C), the state after each row's last token
        h, _ = nn.utils.rnn.pad_packed_sequence(states, batch_first=True, total_length=source.shape[1])
        return h, last[0]  # (B, m, C), (B, C)

    def read(self, states: torch.Tensor, h: torch.Tensor, keep: torch.Tensor) -> dict[str, torch.Tensor]:
        """Decoder states (B, n, C) against encoder states (B, m, C), source mask (B, m) -> scores .. logits."""
        if not self.attends:
            return {"logits": self.out(states)}  # (B, n, V)
        scores = alignment_scores(self.config.score, states, h, dict(self.score))  # (B, n, m)
        weights, context = attend(scores, h, keep[:, None, :])  # (B, n, m), (B, n, C)
        logits = self.out(torch.cat([states, context], dim=-1))  # (B, n, V)
        return {"scores": scores, "weights": weights, "context": context, "logits": logits}

    def forward(self, source, lengths, target_in) -> dict[str, torch.Tensor]:
        """Teacher forcing: every step is fed the reference's previous word. target_in: (B, n) starting with <s>."""
        h, s0 = self.encode(source, lengths)
        states, _ = self.decoder(self.target_embed(target_in), s0[None])  # (B, n, C)
        keep = torch.arange(source.shape[1])[None, :] < lengths[:, None]  # (B, m)
        return self.read(states, h, keep)

    def step(self, token: torch.Tensor, state: torch.Tensor) -> torch.Tensor:
        """One GRU step: previous word (B,), previous state (B, C) -> new state (B, C)."""
        _, new = self.decoder(self.target_embed(token)[:, None, :], state[None])
        return new[0]


def _score_parameters(config: RnnConfig) -> dict[str, nn.Parameter]:
    c, a = config.width, config.score_width

    def weight(*shape):
        return nn.Parameter(torch.randn(*shape) / shape[-1] ** 0.5)

    return {
        "additive": lambda: {"W_s": weight(a, c), "W_h": weight(a, c), "v": weight(a)},
        "general": lambda: {"W": weight(c, c)},
        "cosine": lambda: {"tau": nn.Parameter(torch.tensor(5.0))},
    }.get(config.score, dict)()


@dataclass(frozen=True)
class RnnDecode:
    """Every number of a greedy decode, step by step (T steps, m source tokens, C width, V vocabulary)."""

    source: tuple[str, ...]  # m tokens, ending with </s>
    inputs: tuple[str, ...]  # T: the word fed at each step, <s> first
    output: tuple[str, ...]  # T: the word chosen at each step, </s> last when the decoder stopped
    forced: tuple[int, ...]  # steps whose word the user picked instead of the model
    encoder_states: np.ndarray  # (m, C) h_i
    initial_state: np.ndarray  # (C,) s_0
    states: np.ndarray  # (T, C) s_t
    logits: np.ndarray  # (T, V)
    scores: np.ndarray | None  # (T, m) e_t,i; None without attention
    weights: np.ndarray | None  # (T, m) α_t,i
    contexts: np.ndarray | None  # (T, C) c_t


@torch.inference_mode()
def greedy_decode(model: RnnTranslator, source_ids: list[int], target_tokens: tuple[str, ...],
                  source_tokens: tuple[str, ...], forced: dict[int, int] | None = None,
                  max_steps: int | None = None) -> RnnDecode:
    """Decode one sentence a step at a time, taking the best word unless `forced` names step -> word id.

    Args:
        source_ids: the source token ids, ending with </s>.
        target_tokens: the target vocabulary (id -> token); id 1 is <s>, id 2 is </s>.
        forced: words the user chose at given steps; later steps continue from them.
        max_steps: at most this many steps (default 2·m + 5).
    """
    forced = forced or {}
    source = torch.tensor([source_ids])  # (1, m)
    h, s0 = model.encode(source, torch.tensor([len(source_ids)]))  # (1, m, C), (1, C)
    state = s0
    keep = torch.ones(1, len(source_ids), dtype=torch.bool)
    token = torch.tensor([1])  # <s>
    inputs, output, states, reads = [], [], [], []
    for t in range(max_steps or 2 * len(source_ids) + 5):
        state = model.step(token, state)  # (1, C)
        read = model.read(state[:, None, :], h, keep)  # each (1, 1, ...)
        choice = forced.get(t, int(read["logits"][0, 0].argmax()))
        inputs.append(target_tokens[int(token)])
        output.append(target_tokens[choice])
        states.append(state[0])
        reads.append({k: v[0, 0] for k, v in read.items()})
        if choice == 2:
            break
        token = torch.tensor([choice])

    def stacked(name):
        return torch.stack([r[name] for r in reads]).float().numpy() if name in reads[0] else None

    return RnnDecode(
        source=source_tokens, inputs=tuple(inputs), output=tuple(output),
        forced=tuple(sorted(t for t in forced if t < len(output))),
        encoder_states=h[0].float().numpy(), initial_state=s0[0].float().numpy(),
        states=torch.stack(states).float().numpy(), logits=stacked("logits"),
        scores=stacked("scores"), weights=stacked("weights"), contexts=stacked("context"),
    )
