"""Eight users on the Image page at once: each sees the result of their own upload, and the
server's memory levels off instead of climbing with every round of uploads.

Bounded: 8 browser contexts, 3 rounds, localhost only. The RSS samples are printed, also when the test passes.
"""

import io
import time

import numpy as np
import pytest
from PIL import Image

from bench.server import RssSampler
from tests.browser.helpers import COLOURS, assert_traced, near, needs_bundled_vit, new_app_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(540), needs_bundled_vit]

USERS = 8
ROUNDS = 3
GROWTH_LIMIT_MB = 60  # last round's peak over the previous round's, once caches are full


def user_image(user: int, round_: int) -> tuple[str, bytes]:
    """A 2-frame GIF in the user's own colour (a white mark makes each round's bytes new)."""
    first = Image.new("RGB", (64, 64), COLOURS[user])
    first.paste((255, 255, 255), (4 + 8 * round_, 4, 10 + 8 * round_, 10))
    second = Image.new("RGB", (64, 64), (0, 0, 0))
    buffer = io.BytesIO()
    first.save(buffer, format="GIF", save_all=True, append_images=[second], duration=100, loop=0)
    return f"user{user}-round{round_}.gif", buffer.getvalue()


def test_eight_users_upload_at_once_each_sees_their_own_result_and_memory_levels_off(browser, server, capsys):
    sampler = RssSampler(server.process.pid)
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
            # All eight uploads in flight together, then each page waits for its own rerun.
            since = [app.upload(*user_image(user, round_), rerun=None) for user, app in enumerate(pages)]
            for user, app in enumerate(pages):
                app.wait_rerun(since[user])
                name = user_image(user, round_)[0]
                # The run counted may be one queued before the upload (eight sessions share two
                # cores), so wait for this file's own notice rather than for a number of runs.
                app.page.get_by_text(f"“{name}” holds 2 frames").first.wait_for(timeout=app.run_timeout_ms)
                app.wait_idle()
                infos = app.infos()
                assert any(f"“{name}” holds 2 frames" in i for i in infos), (user, infos)  # its own file
                assert not any(f"user{other}-" in i for other in range(USERS) if other != user for i in infos)
                assert_traced(app)
                shown = np.asarray(app.shown_image())  # (h, w, 3)
                h, w, _ = shown.shape
                assert near(shown[h * 3 // 4, w * 3 // 4], COLOURS[user]), (user, shown[h * 3 // 4, w * 3 // 4])
            round_seconds.append(time.monotonic() - started)
            round_peaks.append(sampler.peak_since(started))
    finally:
        sampler.stopped.set()
        sampler.join(timeout=5)
        for context in contexts:
            context.close()

    samples = sampler.samples
    with capsys.disabled():  # in CI's log even when the test passes
        rounds = zip(round_peaks, round_seconds)
        print(f"\nserver RSS: baseline {baseline:.0f} MB after {USERS} sessions opened; "
              + "; ".join(f"round {i + 1}: peak {p:.0f} MB in {s:.1f} s" for i, (p, s) in enumerate(rounds))
              + f"; final {samples[-1][1]:.0f} MB; {len(samples)} samples")
        every = max(1, int(2 / sampler.interval))
        print("RSS every ~2 s (MB):", " ".join(f"{rss:.0f}" for _, rss, _ in samples[::every]))
    growth = round_peaks[-1] - round_peaks[-2]
    assert growth < GROWTH_LIMIT_MB, f"RSS still climbing: round peaks {[round(p) for p in round_peaks]} MB"
