"""One error body for every API answer that is not a success, kept by every endpoint:

    {"detail": "…", "code": "…", "errors": {"field": [{"message": "…", "code": "…"}]}}

`code` is stable per status (400 `invalid`, 401 `not_authenticated`, 403 `permission_denied`, 404 `not_found`,
405 `method_not_allowed`, 409 `conflict`, 412 `stale`, 413 `too_large`, 415 `unsupported_media_type`,
429 `throttled`, 500 `server_error`); each field error keeps DRF's or Django's own code (`required`, `invalid`,
`does_not_exist`, `max_length`…). `errors` is always there (empty when no field is at fault), so a client reads
one shape. Services raise Django `ValidationError`
or one of `dxnet.core.errors` (`Conflict`, `PreconditionFailed`, `TooLarge`), never an HTTP exception.
"""

import re
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import (
    FieldDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import Conflict, PreconditionFailed, RequestError, TooLarge, too_large_message

__all__ = ["Conflict", "PreconditionFailed", "TooLarge", "error_body", "exception_handler", "json_error"]

CODES = {400: "invalid", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
         405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 412: "stale", 413: "too_large",
         415: "unsupported_media_type", 429: "throttled", 500: "server_error"}
MESSAGES = {
    400: "Dữ liệu gửi lên không hợp lệ.",
    401: "Bạn chưa đăng nhập hoặc thông tin xác thực không hợp lệ.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    405: "Phương thức này không được chấp nhận.",
    409: Conflict.default_message,
    412: PreconditionFailed.default_message,
    413: TooLarge.default_message,
    415: "Kiểu nội dung gửi lên không được hỗ trợ.",
    429: "Bạn gửi quá nhiều yêu cầu; hãy thử lại sau.",
    500: "Hệ thống gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại, hãy thử lại sau.",
}
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
# DRF names the type it received by its Python name ("… nhưng nhận được list"): said as the JSON it was.
JSON_TYPES = {"list": "một mảng", "dict": "một đối tượng", "str": "một chuỗi", "int": "một số nguyên",
              "float": "một số thực", "bool": "một giá trị true/false", "NoneType": "null"}
PYTHON_TYPE = re.compile(r"nhận được (?:kiểu )?“?(" + "|".join(JSON_TYPES) + r")”?(?=\W|$)")


def _json_types_named(message: str) -> str:
    return PYTHON_TYPE.sub(lambda match: f"nhận được {JSON_TYPES[match.group(1)]}", message)


def _field_errors(detail, prefix: str = "") -> dict[str, list[dict[str, str]]]:
    """DRF's nested error detail flattened to `{"field" or "items.0.field": [{"message", "code"}]}`."""
    found: dict[str, list[dict[str, str]]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = NON_FIELD if key in ("__all__", NON_FIELD) and not prefix else str(key)
            for field, errors in _field_errors(value, f"{prefix}.{name}" if prefix else name).items():
                found.setdefault(field, []).extend(errors)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            nested = isinstance(item, Mapping | list)
            key = f"{prefix}.{index}" if nested and prefix else (str(index) if nested else prefix)
            for field, errors in _field_errors(item, key).items():
                found.setdefault(field, []).extend(errors)
    else:
        found[prefix or NON_FIELD] = [{"message": _json_types_named(str(detail)),
                                       "code": getattr(detail, "code", None) or "invalid"}]
    return found


def error_body(status: int, detail: str | None = None, errors: dict | None = None) -> dict:
    body = {"detail": str(detail or MESSAGES.get(status) or MESSAGES[500]),
            "code": CODES.get(status, "invalid" if status < 500 else "server_error")}
    body["errors"] = errors or {}
    return body


def json_error(status: int, detail: str | None = None) -> JsonResponse:
    """The error body outside DRF views (URL not found, uncaught exception under /api/)."""
    return JsonResponse(error_body(status, detail), status=status, json_dumps_params={"ensure_ascii": False})


def _as_api_exception(exc):
    """Django's and the services' exceptions as the DRF exception of their status."""
    if isinstance(exc, RequestError):
        converted = exceptions.APIException(get_error_detail(exc))
        converted.status_code = exc.status_code
        return converted
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(get_error_detail(exc))
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        converted = exceptions.APIException(too_large_message(limit) if isinstance(exc, RequestDataTooBig) and limit
                                            else MESSAGES[413])
        converted.status_code = 413
        return converted
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(MESSAGES[400])
    if isinstance(exc, Http404):
        return exceptions.NotFound(MESSAGES[404])  # never Django's English "No Agency matches the given query."
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc


def _detail(status: int, exc, errors: dict) -> str:
    if status == 429:
        wait = getattr(exc, "wait", None)
        # the seconds of DRF's Retry-After header (its `wait` is already rounded up)
        return MESSAGES[429] if wait is None else f"Bạn gửi quá nhiều yêu cầu; hãy thử lại sau {max(1, wait)} giây."
    if status == 404:
        return MESSAGES[404]
    if isinstance(exc.detail, str):
        return _json_types_named(exc.detail)
    if set(errors) == {NON_FIELD}:
        return " ".join(error["message"] for error in errors[NON_FIELD])
    return MESSAGES.get(status, MESSAGES[400])


UNIQUE_SET = "Đã có bản ghi trùng giá trị các trường: "  # dxnet/locale's wording of DRF's unique-together message


def _name_unique_fields(errors: dict, context) -> None:
    """DRF names the fields of a unique set by their code names ("agency, phone"): say them as people do."""
    view = context.get("view")
    try:
        model = view.get_serializer_class().Meta.model
    except (AttributeError, AssertionError):  # not a serializer view
        return
    for error in errors.get(NON_FIELD, ()):
        if error["code"] == "unique" and error["message"].startswith(UNIQUE_SET):
            names = error["message"][len(UNIQUE_SET):].rstrip(".").split(", ")
            try:
                labels = [str(model._meta.get_field(name).verbose_name) for name in names]
            except FieldDoesNotExist:
                continue
            error["message"] = f"Đã có {model._meta.verbose_name} trùng {' và '.join(labels)}."


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every handled error in the one body; anything else (a bug) goes on to
    Django, which logs it and answers with `handler500`, also in this body under /api/."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    errors = {} if isinstance(exc.detail, str) else _field_errors(exc.detail)
    _name_unique_fields(errors, context)
    detail = _detail(status, exc, errors)
    if status != 400 and set(errors) == {NON_FIELD}:
        errors = {}  # the message is already the detail
    response.data = error_body(status, detail, errors)
    return response
