"""Vietnamese text helpers."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, so that "ha noi" matches "Hà Nội"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
