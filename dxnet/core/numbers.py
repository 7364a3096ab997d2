"""Numbers written the Vietnamese way — 1.234 thousands, 0,1 decimals, 12,5% — the same in official documents
(DOCX), spreadsheets' text cells and pages, whatever language a background job runs in."""

import decimal

DASH = "—"


def number(value, digits: int | None = None) -> str:
    """`1234` → "1.234", `1234.5` → "1.234,5", `0.10` → "0,1"; `digits` fixes the decimals (rounded half up),
    otherwise up to two are kept and trailing zeros dropped. Nothing → "—"."""
    if value is None or value == "":
        return DASH
    amount = decimal.Decimal(int(value) if isinstance(value, bool) else str(value))
    places = 2 if digits is None else digits
    amount = amount.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    if digits is None:
        fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def signed(value, digits: int | None = None) -> str:
    """A difference: "+12", "-3,5", "0"."""
    if value is None or value == "":
        return DASH
    text = number(value, digits)
    return f"+{text}" if decimal.Decimal(str(value)) > 0 and text != "0" else text


def percent(value, digits: int | None = 1) -> str:
    """`0.1` → "0,1%", `12.345` → "12,3%" (the value is already a percentage)."""
    return DASH if value is None or value == "" else f"{number(value, digits).removesuffix(',0')}%"


def ratio(part, whole) -> str:
    """"5/3.429": how many of how many."""
    return f"{number(part)}/{number(whole)}"
