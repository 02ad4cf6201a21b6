"""Translations of the back end's error and notice messages (keys "error.<code>", "notice.<code>")."""

TEXT: dict[str, dict[str, str]] = {}
