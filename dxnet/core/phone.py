"""Vietnamese phone numbers, kept in one form: 0 followed by 9 digits (mobile) or 10 digits (landline)."""

import re

_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def normalise_phone(text: str) -> str:
    """ "+84 912.345.678" → "0912345678"; ValueError with a Vietnamese message when it is not a number."""
    digits = re.sub(r"[\s.\-()]", "", str(text))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise ValueError(f"Số điện thoại “{text}” không hợp lệ (cần 10 số, ví dụ 0912345678).")
    return digits
