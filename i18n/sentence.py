"""UI text of the sentence page."""

TEXT: dict[str, dict[str, str]] = {}
