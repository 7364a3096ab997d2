"""A JSON body keeps the types its schema declares (issue 17): a text is a string, a yes/no is true or false, a link
is an id or null. DRF alone takes 12 for "12", 0/1 for false/true and "" for no link. A form page and a multipart
body (file uploads) carry only strings: the same values typed there are still taken."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxnet.people.models import Person
from dxnet.platforms.models import SharedPlatform
from dxnet.stories.models import SuccessStory

from .conftest import client_for
from .test_api_language import assert_vietnamese

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(coordinator):
    return client_for(coordinator)


def refused(response, field: str) -> str:
    body = assert_vietnamese(response, 400, "invalid", field)
    assert [e["code"] for e in body["errors"][field]] == ["invalid"], body
    return body["errors"][field][0]["message"]


@pytest.mark.parametrize("value", [12345, 1.5, True, ["Lò Văn A"], {"ten": "Lò Văn A"}])
def test_a_number_or_anything_but_a_string_is_not_a_text(value, client, lao_cai_commune):
    before = Person.objects.count()
    message = refused(client.post(reverse("person-list"), {"agency": lao_cai_commune.pk, "full_name": value},
                                  format="json"), "full_name")
    assert message == "Phải là một chuỗi ký tự."
    refused(client.post(reverse("person-list"), {"agency": lao_cai_commune.pk, "full_name": "Lò Văn A",
                                                 "national_id": 1234567890}, format="json"), "national_id")
    assert Person.objects.count() == before


def test_a_text_made_of_digits_is_taken_as_a_string_by_the_api_and_typed_in_the_page(client, coordinator,
                                                                                     lao_cai_commune):
    api = client.post(reverse("person-list"), {"agency": lao_cai_commune.pk, "full_name": "12345",
                                                "phone": "0912345678"}, format="json")
    assert api.status_code == 201, api.json()
    page = client_for(coordinator).post(reverse("people:create"), {"agency": lao_cai_commune.pk,
                                                                   "full_name": "67890", "phone": "0912345679"})
    assert page.status_code == 302, page.content.decode()
    assert Person.objects.filter(full_name__in=["12345", "67890"]).count() == 2


@pytest.mark.parametrize("value", [0, 1, "true", "false", "có"])
def test_only_true_or_false_is_a_yes_or_no(value, client, lao_cai_commune):
    body = {"parent": lao_cai_commune.pk, "code": "xa-thu", "name": "Xã Thử", "kind": "other", "is_dx_lead": value}
    refused(client.post(reverse("agency-list"), body, format="json"), "is_dx_lead")


def test_true_and_false_are_a_yes_or_no(client, lao_cai_commune):
    for code, value in (("xa-thu-1", True), ("xa-thu-2", False)):
        response = client.post(reverse("agency-list"), {"parent": lao_cai_commune.pk, "code": code, "name": code,
                                                        "kind": "other", "is_dx_lead": value}, format="json")
        assert response.status_code == 201 and response.json()["is_dx_lead"] is value, response.json()


def test_an_empty_string_is_not_a_link_but_null_is_no_link(actors):
    client = client_for(actors["national_admin"])
    before = SharedPlatform.objects.count()
    refused(client.post(reverse("platform-list"), {"name": "Nền tảng A", "level": "national", "owner": ""},
                        format="json"), "owner")
    assert SharedPlatform.objects.count() == before
    created = client.post(reverse("platform-list"), {"name": "Nền tảng A", "level": "national", "owner": None},
                          format="json")
    assert created.status_code == 201 and created.json()["owner"] is None, created.json()


def test_a_multipart_body_keeps_its_strings_as_a_form_does(client, lao_cai_commune):
    response = client.post(reverse("success-story-list"), {
        "agency": lao_cai_commune.pk, "title": "2025", "summary": "Chợ 4.0", "area": "chinh-quyen-so",
        "date": "2025-06-01", "file": SimpleUploadedFile("cho.pdf", b"%PDF-1.4 cho")}, format="multipart")
    assert response.status_code == 201, response.json()
    assert SuccessStory.objects.get(pk=response.json()["id"]).title == "2025"

