"""Vietnamese text helpers."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, so that "ha noi" matches "Hà Nội"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# The Vietnamese alphabet: a letter with a breve, circumflex or horn, and đ, follow their base letter; a tone mark
# only breaks ties between words spelled alike.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng; unmarked (ngang) sorts first


def vietnamese_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese order: "Điện Biên" after "Đà Nẵng" and both after every "D…"."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in TONES:
            tones[-1:] = [TONES.index(char) + 1]
            continue
        if unicodedata.combining(char):  # breve, circumflex, horn: part of the letter
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
            continue
        letters.append(char)
        tones.append(0)
    return (tuple(ALPHABET.index(c) if c in ALPHABET else 100 + ord(c) for c in letters), tuple(tones))
