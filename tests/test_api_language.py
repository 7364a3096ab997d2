"""Every error the API answers is in Vietnamese, DRF's and Django's own messages included (dxnet/locale), with a
stable machine code beside the text: each kind of bad input an integrator can send, and the language of the answer.
"""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from dxnet.accounts.services import issue_token

from .conftest import client_for

pytestmark = pytest.mark.django_db

# Words of DRF's, Django's and django-filter's English messages (technical names that Vietnamese messages keep, such
# as token, JSON, id or YYYY-MM-DD, are not among them), and a placeholder left unformatted.
ENGLISH = re.compile(
    r"\b(a|an|the|is|are|be|this|that|not|no|of|or|and|to|in|for|with|must|may|should|does|has|have|got|one|"
    r"invalid|valid|value|values|field|fields|object|exist|choice|choices|available|page|unique|set|make|null|"
    r"characters?|allowed|header|credentials|provided|ensure|more|than|less|expected|required|type|received|"
    r"select|enter|number|integer|string|date|format|wrong|incorrect|found|method|media|unsupported|request|"
    r"throttled|error|malformed|permission|perform|action|authentication|blank|empty|list|dictionary|items)\b",
    re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)")


def english_in(body: dict) -> list[str]:
    messages = [body["detail"], *(e["message"] for errors in body["errors"].values() for e in errors)]
    return [m for m in messages if ENGLISH.search(m) or PLACEHOLDER.search(m)]


def assert_vietnamese(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code and english_in(body) == [], body
    if field is not None:  # the field at fault, and its own machine code beside the text
        assert body["errors"][field] and all(e["code"] for e in body["errors"][field]), body
    return body


@pytest.fixture
def client(coordinator):
    return client_for(coordinator)


def test_an_id_that_does_not_exist(client, lao_cai_commune):
    response = client.post(reverse("person-list"), {"agency": 0, "full_name": "Lò Văn A"}, format="json")
    body = assert_vietnamese(response, 400, "invalid", "agency")
    assert body["errors"]["agency"][0]["code"] == "does_not_exist"


def test_a_page_that_does_not_exist_and_a_page_that_is_not_a_number(client):
    assert_vietnamese(client.get(reverse("agency-list"), {"page": "999999"}), 404, "not_found")
    for page in ("abc", "0", "-1"):
        assert_vietnamese(client.get(reverse("agency-list"), {"page": page}), 400, "invalid", "page")


def test_a_choice_that_does_not_exist_in_a_body_and_in_a_filter(client, lao_cai_commune):
    body = assert_vietnamese(client.post(reverse("agency-list"), {"parent": lao_cai_commune.pk, "kind": "AAA"},
                                         format="json"), 400, "invalid", "kind")
    assert body["errors"]["kind"][0]["code"] == "invalid_choice"
    assert_vietnamese(client.get(reverse("agency-list"), {"kind": "AAA"}), 400, "invalid", "kind")


def test_a_unique_set_already_taken(client, lao_cai_commune):
    village = {"agency": lao_cai_commune.pk, "name": "Thôn Cốc Lếu", "kind": "thon"}
    assert client.post(reverse("village-list"), village, format="json").status_code == 201
    body = assert_vietnamese(client.post(reverse("village-list"), village, format="json"), 400, "invalid",
                             "non_field_errors")
    assert body["errors"]["non_field_errors"][0]["code"] == "unique"


def test_null_characters_in_a_body_and_in_a_query(client, lao_cai_commune):
    assert_vietnamese(client.post(reverse("person-list"), {"agency": lao_cai_commune.pk, "full_name": "A\x00B"},
                                  format="json"), 400, "invalid", "full_name")
    assert_vietnamese(client.get(reverse("person-list"), {"search": "a\x00b"}), 400, "invalid", "search")


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token kh\u00f4ng-c\u00f3", "Token 0123456789abcdef"])
def test_a_bad_token_header(header, coordinator):
    issue_token(coordinator, acting_user=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert_vietnamese(client.get(reverse("agency-list")), 401, "not_authenticated")


def test_no_credentials_at_all():
    assert_vietnamese(APIClient().get(reverse("agency-list")), 401, "not_authenticated")


def test_a_bad_date_in_a_body_and_in_a_query(client, lao_cai_commune):
    assert_vietnamese(client.post(reverse("agency-list"), {"parent": lao_cai_commune.pk, "valid_from": "2025-02-30"},
                                  format="json"), 400, "invalid", "valid_from")
    assert_vietnamese(client.get(reverse("agency-list"), {"as_of": "30/02/2025"}), 400, "invalid", "as_of")


def test_a_string_too_long(client, lao_cai_commune):
    body = assert_vietnamese(client.post(reverse("person-list"), {"agency": lao_cai_commune.pk,
                                                                  "full_name": "A" * 1000}, format="json"),
                             400, "invalid", "full_name")
    assert body["errors"]["full_name"][0]["code"] == "max_length"


@pytest.mark.parametrize("value", [{"x": 1}, [1], "có", 1.5])
def test_a_value_of_the_wrong_type(value, client, lao_cai_commune):
    response = client.post(reverse("agency-list"), {"parent": lao_cai_commune.pk, "code": "x", "name": "X",
                                                    "kind": "other", "is_dx_lead": value}, format="json")
    assert_vietnamese(response, 400, "invalid", "is_dx_lead")
    response = client.post(reverse("person-list"), {"agency": value, "full_name": "X"}, format="json")
    assert_vietnamese(response, 400, "invalid", "agency")


def test_missing_fields_and_an_empty_or_broken_body(client):
    body = assert_vietnamese(client.post(reverse("agency-list"), {}, format="json"), 400, "invalid")
    assert {e["code"] for errors in body["errors"].values() for e in errors} == {"required"}
    assert_vietnamese(client.post(reverse("agency-list"), "[1, 2]", content_type="application/json"), 400, "invalid")
    assert_vietnamese(client.post(reverse("agency-list"), '{"name": ', content_type="application/json"), 400,
                      "invalid")


def test_an_unknown_filter_value(client):
    for query in ({"parent": "abc"}, {"province": "-1"}, {"page_size": "mười"}):
        assert_vietnamese(client.get(reverse("agency-list"), query), 400, "invalid", next(iter(query)))


def test_what_is_not_there_not_allowed_or_not_understood(client, actors, lao_cai_commune):
    assert_vietnamese(client.get(reverse("agency-detail", args=[999_999_999])), 404, "not_found")
    assert_vietnamese(client.get("/api/v1/khong-co/"), 404, "not_found")
    assert_vietnamese(client.delete(reverse("agency-list")), 405, "method_not_allowed")
    assert_vietnamese(client.post(reverse("agency-list"), "x", content_type="text/plain"), 415,
                      "unsupported_media_type")
    assert_vietnamese(client_for(actors["viewer"]).patch(reverse("agency-detail", args=[lao_cai_commune.pk]),
                                                         {"name": "X"}, format="json"), 403, "permission_denied")
    assert_vietnamese(client.get(reverse("agency-list"), HTTP_ACCEPT="text/csv"), 406, "not_acceptable")


def test_control_characters_are_refused_field_by_field(client, lao_cai_commune):
    response = client.post(reverse("person-list"), {"agency": lao_cai_commune.pk, "full_name": "Lò\x01 Văn A",
                                                    "position": "Dòng 1\nDòng 2\tcột"}, format="json")
    body = assert_vietnamese(response, 400, "invalid", "full_name")
    assert list(body["errors"]) == ["full_name"]
    assert body["errors"]["full_name"][0]["code"] == "control_characters_not_allowed"
    response = client.patch(reverse("agency-detail", args=[lao_cai_commune.pk]), {"name": "Xã\x1b A"}, format="json")
    assert assert_vietnamese(response, 400, "invalid", "name")["errors"]["name"][0]["code"] == (
        "control_characters_not_allowed")
