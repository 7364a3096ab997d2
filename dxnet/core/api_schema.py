"""The OpenAPI schema tells every answer: the one error body (`dxnet.core.api_errors`) as the `Error` component,
and under every operation the error statuses it can answer, added here in one place rather than view by view.

SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] runs `document_errors` after drf-spectacular's own enum hook.
"""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.views import SpectacularSwaggerSplitView

from .api_errors import CODES

WRITES = {"post", "put", "patch", "delete"}
METHODS = WRITES | {"get", "head", "options", "trace"}

# What each status means for a client, in the words of the guide (docs/api.md).
MEANINGS = {
    400: "Dữ liệu hoặc tham số không hợp lệ (mã `invalid`); `errors` nêu từng trường sai.",
    401: "Chưa xác thực: thiếu token, token sai hoặc đã hết hạn (mã `not_authenticated`).",
    403: "Tài khoản không có quyền thực hiện thao tác này (mã `permission_denied`).",
    404: "Không tìm thấy, hoặc nằm ngoài phạm vi của tài khoản (mã `not_found`).",
    409: "Xung đột với dữ liệu hiện có, ví dụ xóa cơ quan còn cán bộ (mã `conflict`).",
    412: "Đối tượng đã được người khác thay đổi sau phiên bản trong If-Match (mã `stale`); không ghi gì.",
    413: "Dữ liệu gửi lên quá lớn (mã `too_large`).",
    415: "Kiểu nội dung gửi lên không được hỗ trợ; hãy gửi application/json (mã `unsupported_media_type`).",
    429: "Vượt giới hạn số yêu cầu; header Retry-After cho biết số giây cần chờ (mã `throttled`).",
}

ERROR_SCHEMA = {
    "type": "object",
    "description": "Thân trả lời chung của mọi lỗi API.",
    "properties": {
        "detail": {"type": "string", "description": "Thông báo cho người đọc, bằng tiếng Việt."},
        "code": {"type": "string", "enum": sorted(set(CODES.values())),
                 "description": "Mã lỗi ổn định theo trạng thái HTTP, để chương trình xử lý mà không đọc thông báo."},
        "errors": {
            "type": "object",
            "description": "Lỗi theo từng trường (`non_field_errors` cho lỗi chung; `items.0.field` cho trường "
                           "lồng nhau); rỗng khi không trường nào sai.",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "message": {"type": "string", "description": "Thông báo bằng tiếng Việt."},
                        "code": {"type": "string",
                                 "description": "Mã của DRF hoặc Django: required, invalid, does_not_exist, "
                                                "max_length, unique…"},
                    },
                    "required": ["message", "code"],
                },
            },
        },
    },
    "required": ["detail", "code", "errors"],
    "example": {"detail": "Dữ liệu gửi lên không hợp lệ.", "code": "invalid",
                "errors": {"kind": [{"message": "“AAA” không phải là một lựa chọn hợp lệ.", "code": "invalid_choice"}],
                           "parent": [{"message": "Trường này là bắt buộc.", "code": "required"}]}},
}


def _error_statuses(method: str, operation: dict) -> list[int]:
    statuses = [429]
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    if has_body or any(p.get("in") in ("query", "header") for p in parameters):
        statuses.append(400)
    statuses.append(401)  # also where no account is needed: a wrong or expired token is refused, never ignored
    if operation.get("security") and operation["security"] != [{}]:
        statuses.append(403)
    if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters):  # an id, or a page past the end
        statuses.append(404)
    if method in WRITES:
        statuses += [409, 413]
    if method in ("put", "patch"):
        statuses.append(412)
    if has_body:
        statuses.append(415)
    return sorted(statuses)


def _carries_a_file(schema: dict, components: dict) -> bool:
    ref = schema.get("$ref", "")
    if ref:
        schema = components.get(ref.rsplit("/", 1)[-1], {})
    return "'binary'" in str(schema)


def _json_body_only(operation: dict, components: dict) -> None:
    """The API is JSON: a body is documented as application/json, unless it carries a file (multipart). DRF's form
    parsers stay for the site's own pages; a form body cannot tell a number from a string, nor null."""
    content = operation.get("requestBody", {}).get("content", {})
    multipart = content.get("multipart/form-data", {}).get("schema", {})
    if "application/json" in content and not _carries_a_file(multipart, components):
        for media_type in [m for m in content if m != "application/json"]:
            del content[media_type]


def _empty_means_absent(operation: dict) -> None:
    """A filter left empty (`?as_of=&kind=`) is no filter, as on every list page: said with allowEmptyValue."""
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and not parameter.get("required"):
            parameter["allowEmptyValue"] = True


def document_errors(result, generator, request, public):
    """Every operation answers its error statuses with the `Error` body; a status a view already documents keeps
    its own description. Bodies are JSON; an empty filter is no filter."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            _json_body_only(operation, components)
            _empty_means_absent(operation)
            responses = operation.setdefault("responses", {})
            for status in _error_statuses(method, operation):
                documented = responses.get(str(status), {})
                responses[str(status)] = {
                    "description": documented.get("description") or MEANINGS[status],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
    return result


class ApiDocsView(SpectacularSwaggerSplitView):
    """The interactive documentation for integrators (Swagger UI): its files come from the site itself
    (drf-spectacular-sidecar, no CDN) and its start script is a file, as the CSP forbids inline scripts."""

    template_name = "core/api_docs.html"
    title = "Tài liệu API dxnet"


class NullInAnswersExtension(OpenApiSerializerFieldExtension):
    """A link required on input but empty in the database for some rows (an agency's parent: none for a top-level
    body; a plan's template: none for an imported plan) is declared nullable in answers."""

    target_class = "dxnet.core.api.BoundedPrimaryKeyRelatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "response" and not self.target.allow_null and self._null_in_database():
            schema["nullable"] = True
        return schema

    def _null_in_database(self) -> bool:
        try:
            model = self.target.parent.Meta.model
            return model._meta.get_field(self.target.source).null
        except (AttributeError, FieldDoesNotExist):
            return False
