"""The API's JSON parser: a body that is not JSON, or nested deeper than any of our payloads, is a 400."""

import codecs
import json
import re

from django.conf import settings
from rest_framework.exceptions import ErrorDetail, ParseError, ValidationError
from rest_framework.parsers import JSONParser as BaseJSONParser
from rest_framework.parsers import get_encoding
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

from .errors import TooLarge, too_large_message

# Our deepest payload (a report's table answers) nests 4 levels; 32 leaves room without letting a body
# of "[[[[…" exhaust the stack.
MAX_DEPTH = 32


def _depth_exceeds(data, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        stack.extend((item, depth + 1) for item in value if isinstance(item, dict | list))
    return False


# C0 control characters but tab, line feed and carriage return (NUL has DRF's own check and code): stored, they
# break the documents and files made from the data (XML has no such characters) and show as nothing on a page.
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = "Không được chứa ký tự điều khiển (mã U+0001–U+001F, trừ tab và xuống dòng)."


def _control_characters(data, path: str = "") -> list[str]:
    """The paths ("name", "items.0.note") of the strings in a JSON body that hold a control character."""
    if isinstance(data, str):
        return [path or api_settings.NON_FIELD_ERRORS_KEY] if CONTROL.search(data) else []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    return [found for key, value in items for found in _control_characters(value, f"{path}.{key}" if path
                                                                             else str(key))]


class JSONParser(BaseJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            encoding = get_encoding(parser_context or {})
        except ParseError:
            raise ParseError("Bảng mã (charset) ghi trong Content-Type không được hỗ trợ; hãy dùng UTF-8.") from None
        # Django caps form bodies at DATA_UPLOAD_MAX_MEMORY_SIZE but DRF reads JSON from the stream: same cap here.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise TooLarge(too_large_message(limit))
        try:
            data = json.loads(codecs.decode(raw, encoding),
                              parse_constant=drf_json.strict_constant if self.strict else None)
        except RecursionError:
            raise ParseError(f"Nội dung JSON lồng nhau quá {MAX_DEPTH} cấp.") from None
        except ValueError as error:
            position = f" (dòng {error.lineno}, cột {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
            raise ParseError(f"Nội dung gửi lên không phải JSON hợp lệ{position}.") from None
        if _depth_exceeds(data, MAX_DEPTH):
            raise ParseError(f"Nội dung JSON lồng nhau quá {MAX_DEPTH} cấp.")
        wrong = _control_characters(data)
        if wrong:
            raise ValidationError({path: [ErrorDetail(CONTROL_MESSAGE, code="control_characters_not_allowed")]
                                   for path in wrong})
        return data
