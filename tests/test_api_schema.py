"""The published schema tells the truth (issue 17): the one error body under every operation, nullable and read-only
fields as they are, JSON bodies; the interactive documentation is served by the site under its CSP."""

import re

import pytest
from django.urls import reverse

from .conftest import client_for

pytestmark = pytest.mark.django_db


# English words that are not also Vietnamese syllables ("an toàn", "bản in", "to", "no"), among them the words of the
# viewsets' docstrings.
ENGLISH_PROSE = re.compile(
    r"\b(the|is|are|this|that|not|of|or|and|for|with|must|may|should|does|has|have|one|its|their|within|per|only|"
    r"caller|scope|agency|agencies|plans?|tasks?|people|list|create|retrieve|update|destroy|partial|record|"
    r"invalid|valid|value|field|object|page|day|year|new|who|see)\b", re.IGNORECASE)


@pytest.fixture
def schema(actors) -> dict:
    return client_for(actors["viewer"]).get(reverse("api-schema"), {"format": "json"}).json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def test_every_operation_documents_its_errors_with_the_one_body(schema):
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail", "code", "errors"]
    for method, path, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "429"} <= set(responses), (method, path)
        assert any(status.startswith("2") for status in responses), (method, path)  # PUT/PATCH keep their 200
        if "{id}" in path:
            assert "404" in responses, (method, path)
        if method in ("put", "patch"):
            assert {"400", "409", "412", "413", "415"} <= set(responses), (method, path)
        for status, response in responses.items():
            if status >= "400":
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
                assert response["description"]


def test_a_link_empty_for_some_rows_is_nullable_in_answers_but_required_on_input(schema):
    components = schema["components"]["schemas"]
    assert components["Agency"]["properties"]["parent"].get("nullable") is True
    assert "nullable" not in components["AgencyRequest"]["properties"]["parent"]
    assert "parent" in components["AgencyRequest"]["required"]
    assert components["Plan"]["properties"]["template"].get("nullable") is True
    assert components["Agency"]["properties"]["admin_unit"]["readOnly"] is True
    assert "admin_unit" not in components["AgencyRequest"]["properties"]


def test_bodies_are_json_unless_they_carry_a_file_and_an_empty_filter_is_allowed(schema):
    agencies = schema["paths"]["/api/v1/agencies/"]
    assert list(agencies["post"]["requestBody"]["content"]) == ["application/json"]
    assert all(p["allowEmptyValue"] for p in agencies["get"]["parameters"] if p["in"] == "query")
    stories = schema["paths"]["/api/v1/success-stories/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in stories


def test_enum_values_carry_their_vietnamese_labels(schema):
    assert "`commune_pc` - Ủy ban nhân dân cấp xã" in schema["components"]["schemas"]["AgencyKindEnum"]["description"]


def test_a_yes_no_filter_takes_true_or_false(coordinator):
    client = client_for(coordinator)
    assert client.get(reverse("village-list"), {"has_team": "true"}).status_code == 200
    assert client.get(reverse("village-list"), {"has_team": ""}).status_code == 200
    body = client.get(reverse("village-list"), {"has_team": "null"}).json()
    assert body["errors"] == {"has_team": [{"message": "Chỉ nhận “true” (có) hoặc “false” (không).",
                                            "code": "invalid"}]}


def test_the_documentation_page_has_no_inline_script_and_its_script_is_a_file(coordinator):
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("api-docs"))
    html = page.content.decode()
    assert page.status_code == 200 and "<script>" not in html and "<style>" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
    assert Client().get(reverse("api-docs")).status_code == 302  # the sign-in page first


def test_an_export_refused_is_the_json_error_body_whatever_format_was_asked(coordinator):
    response = client_for(coordinator).get("/api/v1/plans/999999/export/", {"format": "docx"})
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_control_character_in_a_stored_text_does_not_break_a_docx():
    from docx import Document

    from dxnet.core.documents import paragraph, table

    document = Document()
    paragraph(document, "Kế hoạch\x01 2026\x0b")
    table(document, ["Tên\x1f"], [["Xã\x00 A"]])
    assert document.paragraphs[0].text == "Kế hoạch 2026"
    assert document.tables[0].cell(1, 0).text == "Xã A"


def test_the_main_operations_have_examples_and_every_answered_field_is_declared(schema):
    body = schema["paths"]["/api/v1/agencies/"]["post"]["requestBody"]["content"]["application/json"]
    assert body["examples"]["ThêmĐơnVịTrựcThuộcXã"]["value"]["kind"] == "other"
    assert "examples" in schema["paths"]["/api/v1/people/"]["post"]["requestBody"]["content"]["application/json"]
    assert schema["components"]["schemas"]["Error"]["example"]["code"] == "invalid"
    assert schema["components"]["schemas"]["Person"]["properties"]["national_id_masked"]["readOnly"] is True


def test_what_cannot_change_after_creation_is_read_only_in_the_update_body(schema):
    update = schema["components"]["schemas"]["AgencyUpdateRequest"]
    assert "parent" not in update["properties"] and "code" not in update["properties"]
    put = schema["paths"]["/api/v1/agencies/{id}/"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert put == {"$ref": "#/components/schemas/AgencyUpdateRequest"}
    assert "AgencyKindEnum" in schema["components"]["schemas"]  # the name clients know, whatever serializers use it
    team = schema["components"]["schemas"]["TeamUpdateRequest"]
    assert "village" not in team["properties"]


def test_every_operation_is_summarised_in_vietnamese_without_the_code_s_english_docstrings(schema):
    for method, path, operation in operations(schema):
        summary, description = operation.get("summary", ""), operation.get("description", "")
        assert summary and summary[0].isupper(), (method, path, summary)
        prose = re.sub(r"`[^`]*`", "", f"{summary} {description}")  # field names and values quoted as code stay
        assert not ENGLISH_PROSE.search(prose), (method, path, prose)
    agencies = schema["paths"]["/api/v1/agencies/"]
    assert agencies["get"]["summary"] == "Danh sách cơ quan, đơn vị"
    assert agencies["post"]["summary"] == "Thêm cơ quan, đơn vị"
    assert schema["paths"]["/api/v1/agencies/{id}/"]["delete"]["summary"] == "Xóa cơ quan, đơn vị"
