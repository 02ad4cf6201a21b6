"""The sample gallery in assets/samples, described by samples.json.

`make samples` (training/gallery.py) writes samples.json; its titles and notes in each language
come from i18n/shapes.py, the one home of that text.
"""

import json
from dataclasses import dataclass
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "assets" / "samples"


@dataclass(frozen=True)
class Sample:
    file: str
    title_en: str
    title_ko: str
    kind: str  # "shapes" (the bundled model's domain) or "photo"
    note_en: str = ""
    note_ko: str = ""
    source: str = ""
    license: str = ""

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en

    def note(self, lang: str) -> str:
        return self.note_ko if lang == "ko" else self.note_en

    def read_bytes(self) -> bytes:
        return (SAMPLES_DIR / self.file).read_bytes()


def load_samples() -> list[Sample]:
    """Samples in gallery order; the first is the default input. Empty if the gallery is missing."""
    manifest = SAMPLES_DIR / "samples.json"
    if not manifest.exists():
        return []
    return [Sample(**entry) for entry in json.loads(manifest.read_text(encoding="utf-8"))]
