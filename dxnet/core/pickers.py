"""Pickers: a field that names an agency, a person, a team or a village is chosen by typing part of its name.

A domain app registers a `PickerSource` per kind (in `AppConfig.ready()`): what a user may choose, how a row reads.
The same source answers the typeahead endpoint (`/chon/<kind>/?q=…`) and cleans the form field, so the endpoint
never offers a row the form would refuse. Without JavaScript the typed name is resolved here, by the same
diacritic-folded search ("lao cai" finds "Lào Cai"; "UBND" reads "Ủy ban nhân dân").
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .filters import IdField
from .text import fold

PICK_HELP = "Gõ một phần của tên (không cần dấu) rồi chọn trong danh sách."
MAX_RESULTS = 20
MAX_QUERY = 100
BAD_CHARACTER = "Chuỗi tìm kiếm có ký tự không hợp lệ."  # a NUL byte, which PostgreSQL refuses in any text
# Words people type for long official names: "UBND xã Tả Van" is "Ủy ban nhân dân xã Tả Van".
ABBREVIATIONS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tp": "thanh pho", "tx": "thi xa"}


def folded_query(text: str) -> str:
    """`text` folded, with the usual abbreviations spelled out."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in fold(text).split())


@dataclass(frozen=True)
class PickerSource:
    """One kind of thing to pick: `choices(user, params)` is exactly what a form may accept for that user."""

    kind: str  # the URL slug, e.g. "co-quan"
    choices: Callable[[object, dict], models.QuerySet]
    label: Callable[[models.Model], str] = str
    hint: Callable[[models.Model], str] = lambda obj: ""
    search_field: str = "search_name"
    # Also found by something typed exactly: an agency's code ("ubnd-tinh-15"), a person's phone.
    exact: Callable[[str], models.Q | None] | None = None
    related: tuple[str, ...] = ()
    params: tuple[str, ...] = field(default=())  # the query-string parameters `choices` reads

    def search(self, queryset: models.QuerySet, text: str) -> models.QuerySet:
        """Rows whose folded name contains every typed word, names starting with the text first."""
        query = folded_query(text)
        condition = models.Q()
        for word in query.split():
            condition &= models.Q(**{f"{self.search_field}__contains": word})
        exact = self.exact_match(text)
        if exact is not None:
            condition |= exact
        starts = models.Case(models.When(**{f"{self.search_field}__startswith": query}, then=0), default=1,
                             output_field=models.IntegerField())
        return queryset.filter(condition).annotate(picker_rank=starts).order_by("picker_rank", self.search_field,
                                                                                 "pk")

    def exact_match(self, text: str) -> models.Q | None:
        return self.exact(text.strip()) if self.exact and text.strip() and "\x00" not in text else None

    def search_value(self, obj) -> str:
        for part in self.search_field.split("__"):
            obj = getattr(obj, part)
        return obj

    def rows(self, user, params: dict, text: str) -> list[dict]:
        queryset = self.choices(user, params).select_related(*self.related)
        found = self.search(queryset, text) if text.strip() else queryset
        return [{"id": obj.pk, "label": self.label(obj), "hint": self.hint(obj)} for obj in found[:MAX_RESULTS]]


_SOURCES: dict[str, PickerSource] = {}


def register(*sources: PickerSource) -> None:
    for source in sources:
        _SOURCES[source.kind] = source


def source_for(kind: str) -> PickerSource | None:
    return _SOURCES.get(kind)


def in_force_today(queryset: models.QuerySet) -> models.QuerySet:
    """Narrow to rows in force today when the model is time-bound; otherwise unchanged."""
    names = {f.name for f in queryset.model._meta.get_fields()}
    if "valid_to" not in names:
        return queryset
    return queryset.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=timezone.localdate()))


def check_id(text: str) -> None:
    """An id the database can hold, with the messages of an id typed in a query string (`core.filters.IdField`)."""
    if text.isascii() and text.isdigit():
        IdField().clean(text)


class Picked(str):
    """A picked row's id as the form posts it back, carrying the label the text box shows."""

    def __new__(cls, pk, label: str = ""):
        picked = super().__new__(cls, "" if pk is None else str(pk))
        picked.label = label
        return picked


class PickedList(list):
    """Several picked rows, and the text typed beside them (names not yet resolved)."""

    def __init__(self, items=(), text: str = ""):
        super().__init__(items)
        self.text = text


class PickerWidget(forms.Widget):
    """A text box where the name is typed, and a hidden box for the chosen row's id; `dxnet/picker.js` turns the
    text box into a combobox (suggestions as one types), and without it the typed name is resolved on save."""

    template_name = "core/picker_widget.html"
    text_suffix = "_label"

    def __init__(self, url: str = "", attrs=None):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        pk, text = (value, value.label) if isinstance(value, Picked) else ("", value or "")
        context["widget"].update(pk="" if pk is None else pk, text=text, text_name=name + self.text_suffix,
                                 url=self.url)
        return context

    def value_from_datadict(self, data, files, name):
        """(id, typed text); the text is None when only the id (or an agency code) was posted, as the API does."""
        return data.get(name), data.get(name + self.text_suffix)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + self.text_suffix not in data


class PickerField(forms.ModelChoiceField):
    """One row of `source.choices(user, params)`, posted as its id or typed as (part of) its name."""

    widget = PickerWidget
    default_error_messages = {
        "invalid_choice": "Không có lựa chọn này trong phạm vi của bạn; hãy gõ tên rồi chọn trong danh sách.",
    }

    def __init__(self, kind: str, *, params: dict | None = None, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=None, **kwargs)
        self.kind = kind
        self.params = params or {}
        self.user = None

    @property
    def source(self) -> PickerSource:
        return _SOURCES[self.kind]

    def bind_user(self, user) -> None:
        """Limit the field to what `user` may choose, and point the widget at the same choices."""
        self.user = user
        self.queryset = self.source.choices(user, self.params).select_related(*self.source.related)
        query = {k: v for k, v in self.params.items() if v not in (None, "", ())}
        url = reverse("picker", args=[self.kind])
        self.widget.url = f"{url}?{urlencode(query, doseq=True)}" if query else url

    def prepare_value(self, value):
        """A `Picked`: the id (what is posted back) with the label to show."""
        if isinstance(value, Picked):
            return value
        if isinstance(value, tuple):
            pk, text = value
            if text is not None:
                return Picked(pk or "", text)
            value = pk
        if isinstance(value, models.Model):
            return Picked(value.pk, self.source.label(value))
        if value in self.empty_values:
            return Picked("", "")
        if self.queryset is not None:
            text = str(value).strip()
            lookup = models.Q(pk=text) if text.isascii() and text.isdigit() and int(text) < 2**63 else \
                self.source.exact_match(text)
            obj = self.queryset.filter(lookup).first() if lookup is not None else None
            if obj is not None:
                return Picked(obj.pk, self.source.label(obj))
        return Picked("", str(value))

    def to_python(self, value):
        pk, text = value if isinstance(value, tuple) else (value, None)
        pk = "" if pk is None else str(pk).strip()
        if text is None and pk and not pk.isdigit():  # an agency code posted as the value
            pk, text = "", pk
        text = (text or "").strip()
        if pk.isascii() and pk.isdigit() and 0 < int(pk) < 2**63:
            obj = self.queryset.filter(pk=pk).first()
            # The id stands unless the name was typed over afterwards (without JavaScript the id stays behind).
            if obj is not None and (not text or fold(text) == fold(self.source.label(obj))):
                return obj
            if obj is None and not text:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        elif pk and not text:
            check_id(pk)
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if not text:
            return None
        return self.resolve(text)

    def resolve(self, text: str):
        """The one row the typed text names: by code, by whole name, or by part of the name."""
        if len(text) > MAX_QUERY:
            raise forms.ValidationError(f"Tên quá dài (tối đa {MAX_QUERY} ký tự).", code="too_long")
        if "\x00" in text:
            raise forms.ValidationError(BAD_CHARACTER, code="invalid")
        source = self.source
        exact = source.exact_match(text)
        if exact is not None:
            by_exact = list(self.queryset.filter(exact)[:2])
            if len(by_exact) == 1:
                return by_exact[0]
        found = list(source.search(self.queryset, text)[:MAX_RESULTS + 1])
        query = folded_query(text)
        exact = [obj for obj in found if source.search_value(obj) == query]
        candidates = exact or found
        if len(candidates) > 1:
            current = set(in_force_today(self.queryset.filter(pk__in=[o.pk for o in candidates]))
                          .values_list("pk", flat=True))
            candidates = [obj for obj in candidates if obj.pk in current] or candidates
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise forms.ValidationError(f"Không tìm thấy “{text}” trong phạm vi của bạn; hãy gõ một phần của tên "
                                        "rồi chọn trong danh sách.", code="not_found")
        shown = "; ".join(self.describe(obj) for obj in candidates[:5])
        more = f" và {len(candidates) - 5} lựa chọn khác" if len(candidates) > 5 else ""
        raise forms.ValidationError(f"Có nhiều lựa chọn khớp “{text}”: {shown}{more}. Hãy gõ đầy đủ hơn hoặc chọn "
                                    "trong danh sách.", code="ambiguous")

    def describe(self, obj) -> str:
        hint = self.source.hint(obj)
        return f"{self.source.label(obj)} ({hint})" if hint else self.source.label(obj)

    def validate(self, value):
        return forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        return str(self.prepare_value(initial)) != str(self.prepare_value(data))


def bind_pickers(form, user) -> None:
    """Give every picker of `form` the user it chooses for."""
    for form_field in form.fields.values():
        if isinstance(form_field, PickerField):
            form_field.bind_user(user)


class PickerView(View):
    """`/chon/<kind>/?q=…`: at most MAX_RESULTS {id, label, hint} the signed-in user may choose, as JSON."""

    def get(self, request, kind: str):
        source = source_for(kind)
        if source is None:
            raise Http404
        text = request.GET.get("q", "")
        if len(text) > MAX_QUERY:
            return JsonResponse({"error": f"Chuỗi tìm kiếm quá dài (tối đa {MAX_QUERY} ký tự)."}, status=400)
        if "\x00" in text:
            return JsonResponse({"error": BAD_CHARACTER}, status=400)
        params = {name: request.GET.getlist(name) for name in source.params if name in request.GET}
        try:
            rows = source.rows(request.user, params, text)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse({"results": rows})


@extend_schema_field(OpenApiTypes.INT)
class PickerFilter(django_filters.Filter):
    """Rows whose `field_name` is the picked row: a picker on the page; the API still takes the row's id."""

    def __init__(self, kind: str, *args, params: dict | None = None, **kwargs):
        self.kind, self.params = kind, params
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self._field = PickerField(self.kind, params=self.params, label=self.label, required=False,
                                      help_text="")
            request = getattr(self.parent, "request", None)
            self._field.bind_user(getattr(request, "user", None))
        return self._field

    def filter(self, qs, value):
        return qs if value in (None, "") else qs.filter(**{self.field_name: value})


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}]", text) if part.strip()]


class PickerMultipleWidget(PickerWidget):
    """The chosen rows as ticked boxes (untick to remove, with or without JavaScript), and a picker to add more."""

    template_name = "core/picker_multiple_widget.html"

    def use_required_attribute(self, initial):
        return False  # the text box is empty once rows are ticked: the server says when none is

    def get_context(self, name, value, attrs):
        picked = value if isinstance(value, PickedList) else PickedList()
        context = super().get_context(name, picked.text, attrs)
        context["widget"]["chosen"] = [(item, item.label) for item in picked]
        return context

    def value_from_datadict(self, data, files, name):
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if ids is None or isinstance(ids, str | int):
            ids = [] if ids in (None, "") else [ids]
        return list(ids), data.get(name + self.text_suffix)


class PickerMultipleField(PickerField):
    """Several rows of `source.choices(user, params)`: ticked ones posted as ids, more typed as names separated by
    “;” or new lines (codes, as older forms and the API send them, also by commas)."""

    widget = PickerMultipleWidget

    def _pairs(self, items) -> list["Picked"]:
        """(id, label) of the rows among `items` (rows, ids, or codes as older forms give them)."""
        objects = [item for item in items if isinstance(item, models.Model)]
        texts = [part for item in items if not isinstance(item, models.Model) for part in _split(str(item), ",;\n")]
        condition = models.Q(pk__in=[int(t) for t in texts if t.isascii() and t.isdigit() and 0 < int(t) < 2**63])
        for text in texts:
            exact = None if text.isdigit() else self.source.exact_match(text)
            condition |= exact if exact is not None else models.Q(pk__in=[])
        if texts and self.queryset is not None:
            objects += list(self.queryset.filter(condition))
        return [Picked(obj.pk, self.source.label(obj)) for obj in dict.fromkeys(objects)]

    def prepare_value(self, value):
        """A `PickedList`: the ids (what is posted back) with their labels, and any text typed beside them."""
        if isinstance(value, PickedList):
            return value
        if isinstance(value, tuple):
            ids, text = value
            return PickedList(self._pairs(ids or []), text or "")
        if value in self.empty_values:
            return PickedList()
        return PickedList(self._pairs([value] if isinstance(value, str) else list(value)))

    def to_python(self, value):
        ids, text = value if isinstance(value, tuple) else (value or [], None)
        ids = [ids] if isinstance(ids, str | int) else list(ids)
        numbers, typed = [], []
        for item in ids:
            item = str(item.pk if isinstance(item, models.Model) else item).strip()
            if item.isascii() and item.isdigit():
                numbers.append(item)
            elif item:  # codes (one word each) may be separated by commas; names may hold a comma
                codes = _split(item, ",;\n")
                typed += codes if all(len(code.split()) == 1 for code in codes) else _split(item, ";\n")
        typed += _split(text or "", ";\n")
        for number in numbers:
            check_id(number)
        found = list(self.queryset.filter(pk__in=numbers)) if numbers else []
        if len(found) != len(set(numbers)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        errors = []
        for part in typed:
            try:
                found.append(self.resolve(part))
            except forms.ValidationError as error:
                errors += error.messages
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(found))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return set(self.prepare_value(initial)) != set(self.prepare_value(data))
