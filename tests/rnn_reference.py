"""The GRU decoder's numbers written out again with numpy, from a model's own parameters (not imported from model/).

Shared by the tests that rebuild every number a GRU decoder's stepper shows.
"""

import numpy as np


def params(module) -> dict[str, np.ndarray]:
    return {name: p.detach().double().numpy() for name, p in module.named_parameters()}


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def gru_step(p: dict, prefix: str, x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """PyTorch's GRU cell: gates r, z, n stacked in that order in weight_ih and weight_hh."""
    gi = p[f"weight_ih_{prefix}"] @ x + p[f"bias_ih_{prefix}"]
    gh = p[f"weight_hh_{prefix}"] @ h + p[f"bias_hh_{prefix}"]
    (ir, iz, i_n), (hr, hz, hn) = np.split(gi, 3), np.split(gh, 3)
    r, z = sigmoid(ir + hr), sigmoid(iz + hz)
    n = np.tanh(i_n + r * hn)
    return (1 - z) * n + z * h


def encoder_states(p: dict, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The translators' encoder: h_i for every source word, read left to right, and s_0 = h_m."""
    h, states = np.zeros(p["encoder.weight_hh_l0"].shape[1]), []
    for row in p["source_embed.weight"][ids]:  # (E,) each
        h = gru_of(p, "encoder", "l0", row, h)
        states.append(h)
    return np.array(states), h


def gru_of(p, module, suffix, x, h):
    """One GRU step of the submodule `module` (its parameters prefixed so), layer `suffix` (l0)."""
    return gru_step({k.removeprefix(f"{module}."): v for k, v in p.items() if k.startswith(module)}, suffix, x, h)


def score(kind: str, p: dict, s: np.ndarray, h: np.ndarray) -> np.ndarray:
    """e_i for one decoder state s (C,) against encoder states h (m, C)."""
    if kind == "dot":
        return h @ s
    if kind == "general":
        return (p["score.W"] @ h.T).T @ s
    if kind == "cosine":
        return p["score.tau"] * (h @ s) / (np.linalg.norm(h, axis=1) * np.linalg.norm(s))
    return np.tanh(p["score.W_s"] @ s + h @ p["score.W_h"].T) @ p["score.v"]


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def assert_decode_rebuilt(p: dict, decode, vocab, kind: str, h: np.ndarray, s0: np.ndarray, working_of,
                          tol: dict) -> None:
    """Every step of a Luong-style decode (a translator's or a captioner's) against this file's numpy.

    decode: the model's RnnDecode; h (m, C) and s0 (C,) rebuilt by the caller, each model its own way;
    working_of(t, i): the page's worked score for step t and key i (model.translate.working.score_working),
    checked against the model's own number.
    """
    np.testing.assert_allclose(decode.encoder_states, h, **tol)
    np.testing.assert_allclose(decode.initial_state, s0, **tol)
    state = s0
    for t, word in enumerate(decode.inputs):
        state = gru_of(p, "decoder", "l0", p["target_embed.weight"][vocab.id(word)], state)
        np.testing.assert_allclose(decode.states[t], state, **tol)
        if kind == "none":
            logits = p["out.weight"] @ state + p["out.bias"]
        else:
            e = score(kind, p, state, h)
            np.testing.assert_allclose(decode.scores[t], e, **tol)
            alpha = softmax(e)
            np.testing.assert_allclose(decode.weights[t], alpha, **tol)
            context = alpha @ h
            np.testing.assert_allclose(decode.contexts[t], context, **tol)
            logits = p["out.weight"] @ np.concatenate([state, context]) + p["out.bias"]
            working = working_of(t, int(np.argmax(alpha)))
            assert abs(working.value - working.model_value) <= 1e-4 * (1 + abs(working.model_value))
        np.testing.assert_allclose(decode.logits[t], logits, **tol)
        assert decode.output[t] == vocab.tokens[int(np.argmax(logits))]
        state = decode.states[t]
