"""User-facing messages from the back end: one exception type for errors, one record for notices.

Both carry a stable `code` and its `params` so the UI can show the message in the user's
language (`i18n/errors.py` holds the translations, keyed "error.<code>" or "notice.<code>");
`str()` is the English text, used as is when no translation exists.
"""

from dataclasses import dataclass, field


class AtlasError(ValueError):
    """A problem with the user's input or set-up, worded so a person can act on it.

    Pages catch it and show the message with `st.error`; any other exception is a bug.
    """

    def __init__(self, code: str, message: str, **params):
        super().__init__(message.format(**params))
        self.code = code
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Notice:
    """Something the user should know about an input that was accepted (it was changed on the way)."""

    code: str
    message: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message.format(**self.params)
