"""UI text of the toy page."""

TEXT: dict[str, dict[str, str]] = {}
