"""UI text of the image page."""

TEXT: dict[str, dict[str, str]] = {}
