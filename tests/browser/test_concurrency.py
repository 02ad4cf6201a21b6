"""Eight users on the Image page at once: each sees the result of their own upload, and the
server's memory levels off instead of climbing with every round of uploads.

Bounded: 8 browser contexts, 3 rounds, localhost only. The RSS samples are printed, also when the test passes.
"""

import io
import threading
import time

import numpy as np
import psutil
import pytest
from PIL import Image

from tests.browser.conftest import RUN_TIMEOUT_MS, new_app_page
from tests.browser.test_image_page import BUNDLED, assert_traced, near

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.timeout(540),
    pytest.mark.skipif(not all(f.exists() for f in BUNDLED), reason="the bundled ViT is not in assets/models yet: run `make train`"),
]

USERS = 8
ROUNDS = 3
COLOURS = [(255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 220, 0), (255, 0, 255), (0, 220, 220), (255, 128, 0), (128, 0, 255)]
GROWTH_LIMIT_MB = 60  # last round's peak over the previous round's, once caches are full


def user_image(user: int, round_: int) -> tuple[str, bytes]:
    """A 2-frame GIF in the user's own colour (a white mark makes each round's bytes new)."""
    first = Image.new("RGB", (64, 64), COLOURS[user])
    first.paste((255, 255, 255), (4 + 8 * round_, 4, 10 + 8 * round_, 10))
    second = Image.new("RGB", (64, 64), (0, 0, 0))
    buffer = io.BytesIO()
    first.save(buffer, format="GIF", save_all=True, append_images=[second], duration=100, loop=0)
    return f"user{user}-round{round_}.gif", buffer.getvalue()


class RssSampler(threading.Thread):
    """Samples a process's resident memory every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.interval = interval
        self.samples: list[tuple[float, float]] = []  # (seconds since start, RSS in MB)
        self.stopped = threading.Event()
        self.start_time = time.monotonic()

    def run(self) -> None:
        while not self.stopped.is_set():
            rss = self.process.memory_info().rss / 2**20
            self.samples.append((time.monotonic() - self.start_time, rss))
            self.stopped.wait(self.interval)

    def peak_since(self, t0: float) -> float:
        return max(rss for t, rss in self.samples if t >= t0)


def test_eight_users_upload_at_once_each_sees_their_own_result_and_memory_levels_off(browser, server, capsys):
    _, pid, _ = server
    sampler = RssSampler(pid)
    sampler.start()
    contexts, pages = [], []
    round_peaks, round_seconds = [], []
    try:
        for user in range(USERS):
            context, app = new_app_page(browser, server, f"concurrency-user{user}")
            contexts.append(context)
            pages.append(app)
            app.open()
            app.choose_segment("Image", "Upload")
        baseline = sampler.samples[-1][1]

        for round_ in range(ROUNDS):
            started = time.monotonic()
            t0 = started - sampler.start_time
            # All eight uploads in flight together, then each page waits for its own rerun.
            since = [app.upload(*user_image(user, round_), rerun=None) for user, app in enumerate(pages)]
            for user, app in enumerate(pages):
                app.wait_rerun(since[user])
                name = user_image(user, round_)[0]
                # The run counted may be one queued before the upload (eight sessions share two
                # cores), so wait for this file's own notice rather than for a number of runs.
                app.page.get_by_text(f"“{name}” holds 2 frames").first.wait_for(timeout=RUN_TIMEOUT_MS)
                app.wait_idle()
                infos = app.infos()
                assert any(f"“{name}” holds 2 frames" in i for i in infos), (user, infos)  # its own file
                assert not any(f"user{other}-" in i for other in range(USERS) if other != user for i in infos)
                assert_traced(app)
                shown = np.asarray(app.shown_image())  # (h, w, 3)
                h, w, _ = shown.shape
                assert near(shown[h * 3 // 4, w * 3 // 4], COLOURS[user]), (user, shown[h * 3 // 4, w * 3 // 4])
            round_seconds.append(time.monotonic() - started)
            round_peaks.append(sampler.peak_since(t0))
    finally:
        sampler.stopped.set()
        sampler.join(timeout=5)
        for context in contexts:
            context.close()

    samples = sampler.samples
    with capsys.disabled():  # in CI's log even when the test passes
        print(f"\nserver RSS: baseline {baseline:.0f} MB after {USERS} sessions opened; "
              + "; ".join(f"round {i + 1}: peak {p:.0f} MB in {s:.1f} s" for i, (p, s) in enumerate(zip(round_peaks, round_seconds)))
              + f"; final {samples[-1][1]:.0f} MB; {len(samples)} samples")
        print("RSS every ~2 s (MB):", " ".join(f"{rss:.0f}" for _, rss in samples[:: max(1, int(2 / sampler.interval))]))
    growth = round_peaks[-1] - round_peaks[-2]
    assert growth < GROWTH_LIMIT_MB, f"RSS still climbing: round peaks {[round(p) for p in round_peaks]} MB"
