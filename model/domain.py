"""Is a picture inside the bundled shapes model's domain? The facts behind the Image page's notice.

The bundled ViT has only ever seen drawn shapes, so on anything else its class is a guess and
its attention may show only what stands out. Its own probabilities are the sign the page reads
(the model was never shown pictures without a shape, so a confident answer is no promise that
the picture is one it knows; an uncertain one is a reason to say so):

- "no_class": the answer is spread nearly evenly: the model sees none of its shapes;
- "unsure": the top class has less than even odds, but a few classes stand out.

A test of the picture itself (how few colours it has, how smooth it is) was tried and dropped:
the training grounds include photos and pixel noise, so no such statistic told a photo from a
picture the model reads well.
"""

from dataclasses import dataclass

import numpy as np

LOW_CONFIDENCE = 0.5  # below even odds for the top class
SPREAD = 0.8  # entropy, as a share of the uniform answer's log K, above which no class stands out


@dataclass(frozen=True)
class DomainCheck:
    warn: bool
    reason: str | None  # "no_class" or "unsure" when warn, else None
    top_probability: float
    runner_up: tuple[int, int]  # indices of the two most probable classes, best first


def domain_check(probabilities: np.ndarray) -> DomainCheck:
    """Should the page warn that this picture is outside the model's domain, and why? probabilities: (K,)."""
    p = np.asarray(probabilities, dtype=np.float64)
    first, second = (int(i) for i in np.argsort(p)[::-1][:2])
    entropy = -np.sum(p * np.log(np.clip(p, 1e-12, None)))
    if entropy >= SPREAD * np.log(len(p)):
        reason = "no_class"
    elif p[first] < LOW_CONFIDENCE:
        reason = "unsure"
    else:
        reason = None
    return DomainCheck(warn=reason is not None, reason=reason, top_probability=float(p[first]),
                       runner_up=(first, second))
