"""Save the Sentence page's first trace: the default sentence on the default text model (model/saved.py).

Run: make samples   (training/gallery.py calls it after the gallery), or alone: python -m training.saved_sentence
"""

from pathlib import Path

from model.catalog import DEFAULT_TEXT_MODEL
from model.loading import load_text_model
from model.saved import DEFAULT_SENTENCE, SENTENCE_TRACE, save_trace, text_digest, text_model_digest
from model.text.trace import trace_text


def save_default_sentence_trace() -> Path:
    """The default sentence's trace, whole (never cut by a token limit), saved with the digests of the model's
    folder and of the text."""
    trace = trace_text(load_text_model(DEFAULT_TEXT_MODEL), DEFAULT_SENTENCE)
    if any(notice.code == "text_truncated" for notice in trace.notices):
        raise RuntimeError("the default sentence is longer than the model's limit: it would not be saved whole")
    save_trace(trace, SENTENCE_TRACE, text_model_digest(), text_digest(DEFAULT_SENTENCE))
    return SENTENCE_TRACE


if __name__ == "__main__":
    print(f"saved the default sentence's trace: {save_default_sentence_trace().name}")
