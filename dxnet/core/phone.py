"""Vietnamese phone numbers, kept in one form: 0 followed by 9 digits (mobile) or 10 digits (landline)."""

import re

_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")
# A mobile number whose leading 0 was dropped: Excel reads 0988000111 typed in a General cell as 988000111.
_MOBILE_WITHOUT_ZERO = re.compile(r"^[35789]\d{8}$")


def _digits(text) -> str:
    return re.sub(r"[\s.\-()]", "", str(text))


def normalise_phone(text: str) -> str:
    """ "+84 912.345.678" → "0912345678", "988000111" → "0988000111"; ValueError with a Vietnamese message when it
    is not a number."""
    digits = _digits(text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif _MOBILE_WITHOUT_ZERO.match(digits):
        digits = "0" + digits
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise ValueError(f"Số điện thoại “{text}” không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (ví dụ 0912345678), "
                         "hoặc 11 chữ số bắt đầu bằng 02 với số cố định.")
    return digits


def restored_leading_zero(text) -> bool:
    """Whether `normalise_phone` took this number only by putting back the leading 0 it had lost."""
    return bool(_MOBILE_WITHOUT_ZERO.match(_digits(text)))


def normalise_stored_phones(model, unique_within: tuple[str, ...], report=print) -> int:
    """Rewrite the phones of `model` stored as typed into the one form (data migrations); return how many.

    A phone that is not a number, or whose normal form another row of the same `unique_within` already holds, is
    left as it is and reported for a person to settle.
    """
    rows = list(model.objects.values_list("pk", "phone", *unique_within))
    taken = {(*scope, phone) for _, phone, *scope in rows}
    changed = 0
    for pk, phone, *scope in rows:
        try:
            canonical = normalise_phone(phone)
        except ValueError:
            report(f"{model._meta.verbose_name} #{pk}: số điện thoại “{phone}” không hợp lệ, giữ nguyên.")
            continue
        if canonical == phone:
            continue
        if (*scope, canonical) in taken:
            report(f"{model._meta.verbose_name} #{pk}: “{phone}” trùng với {canonical} đã có, giữ nguyên.")
            continue
        taken.add((*scope, canonical))
        model.objects.filter(pk=pk).update(phone=canonical)
        changed += 1
    return changed
