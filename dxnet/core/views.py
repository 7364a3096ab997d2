"""Generic views every domain app builds on: each reaches its rows through `visible_to`."""

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import DetailView, FormView, ListView
from django_filters.filterset import filterset_factory

from . import audit
from .models import AccessLog
from .privacy import is_bulk, masked_paths, personal_data_kind, record_access
from .scoping import get_for_user, scope_of
from .services import require_role
from .versioning import StaleEdit, version_of

PAGE_SIZES = (25, 50, 100, 500, 5000)


def local_path(url: str | None, fallback: str = "/") -> str:
    """A "next" taken from the request, if it is a path on this site; never "javascript:…" or another host."""
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return fallback


class ScopedQuerysetMixin:
    """The model's rows visible to the signed-in user, with `related` joined in."""

    model = None
    related: tuple[str, ...] = ()

    def visible(self):
        """The rows the user may see (a list may find them another way: plans.views.TaskListView)."""
        return self.model.objects.visible_to(self.request.user)

    def get_queryset(self):
        return self.visible().select_related(*self.related)


class CheckedPageMixin:
    """A page number that is not one answers 400 with a Vietnamese page; a page past the last one stays a 404."""

    def paginate_queryset(self, queryset, page_size):
        page = self.request.GET.get(self.page_kwarg, "")
        if page and page != "last" and not (page.isascii() and page.isdigit() and 0 < int(page) < 2**31):
            raise BadRequest("Số trang không hợp lệ.")
        return super().paginate_queryset(queryset, page_size)


class ScopedListView(CheckedPageMixin, ScopedQuerysetMixin, ListView):
    """A filtered, paginated list; with `columns` and `detail_url_name` it needs no template of its own."""

    filterset_class = None
    paginate_by = 50
    title = ""
    columns: tuple[tuple[str, str], ...] = ()
    detail_url_name = ""
    export_kind = ""
    # Buttons above the list: (label, URL name, user property that allows it, or "" for everyone).
    actions: tuple[tuple[str, str, str], ...] = ()

    def get_actions(self) -> list[tuple[str, str]]:
        user = self.request.user
        return [(label, reverse(url_name)) for label, url_name, permission in self.actions
                if not permission or getattr(user, permission)]

    def get_template_names(self):
        return [*super().get_template_names(), "generic_list.html"]

    def get_queryset(self):
        filterset_class = self.filterset_class or filterset_factory(self.model, fields=[])
        self.filterset = filterset_class(self.request.GET or None, queryset=super().get_queryset(),
                                         request=self.request)
        if scope_of(self.request.user).unit_path:  # one province or less: choosing a province means nothing
            self.filterset.filters.pop("province", None)
        return self.filterset.qs

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return int(size) if size.isdigit() and int(size) in PAGE_SIZES else self.paginate_by

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        # Rows link to "<prefix><pk>/": the prefix is reversed once, not once per row.
        detail_url = reverse(self.detail_url_name, args=[0])[:-2] if self.detail_url_name else ""
        context = super().get_context_data(
            filter=self.filterset, page_sizes=PAGE_SIZES, query_without_page=query.urlencode(), title=self.title,
            columns=self.columns, detail_url=detail_url, export_kind=self.export_kind, actions=self.get_actions(),
            masked=masked_paths((path for _, path in self.columns), self.request.user), **kwargs,
        )
        self.log_bulk_read(context)
        return context

    def log_bulk_read(self, context) -> None:
        """A long page of personal data is a bulk read: logged (Nghị định 13/2023/NĐ-CP)."""
        kind = personal_data_kind(self.model)
        if not kind:
            return
        rows = len(context["object_list"])
        paginator = context.get("paginator")
        if is_bulk(paginator.per_page if paginator else None, rows):
            record_access(self.request.user, kind=kind, rows=rows, filters=self.request.GET.dict(),
                          channel=AccessLog.Channel.WEB)


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """One object the user may see (404 otherwise), with its change history.

    With `facts` (label, dotted path) it needs no template of its own; `edit_url_name` adds an edit button for
    users with `edit_permission`.
    """

    facts: tuple[tuple[str, str], ...] = ()
    edit_url_name = ""
    edit_permission = "can_manage_registry"

    def get_object(self, queryset=None):
        return get_for_user(self.get_queryset(), self.request.user, pk=self.kwargs["pk"])

    def get_parent_link(self) -> tuple[str, str] | None:
        return None

    def get_template_names(self):
        return [*super().get_template_names(), "generic_detail.html"]

    def get_context_data(self, **kwargs):
        may_edit = self.edit_url_name and getattr(self.request.user, self.edit_permission)
        return super().get_context_data(
            history=audit.history(self.object, self.request.user), facts=self.facts, parent_link=self.get_parent_link(),
            masked=masked_paths((path for _, path in self.facts), self.request.user),
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]) if may_edit else "", **kwargs)


class ServiceFormView(FormView):
    """A form whose valid data goes to one service call; its errors come back onto the form.

    A form that changes an object (`versioned_object`) carries the version it was opened at in a hidden field;
    `perform` hands `self.seen_version` to the service, which refuses when someone saved in between: the form
    comes back with what they changed and the current version, and nothing is overwritten.
    """

    version_field = "version"
    seen_version: int | None = None

    def versioned_object(self):
        """The stored object this form changes; None for a form that creates."""
        return

    def get_form(self, form_class=None):
        obj = self.versioned_object()
        versioned = obj is not None and obj.pk is not None
        version = None
        if versioned and self.request.method not in ("POST", "PUT"):
            # The version first, then the values shown: a save in between makes this form's save stale (and shown
            # to its author), never silently undone. A posted form brings back the version it was shown at.
            version = version_of(obj)
            obj.refresh_from_db()
        form = super().get_form(form_class)
        if versioned:
            form.fields[self.version_field] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, initial=version)
        return form

    def perform(self, form):
        raise NotImplementedError

    def stale(self, form, error: StaleEdit):
        """Show what changed since the form was opened; saving again now applies on top of those changes."""
        data = form.data.copy()
        data[form.add_prefix(self.version_field)] = error.current
        form.data = data
        form.add_error(None, "Trong lúc bạn sửa, người khác đã lưu thay đổi dữ liệu này nên thay đổi của bạn "
                             "chưa được lưu. Hãy xem các thay đổi dưới đây, rồi bấm Lưu lại nếu vẫn muốn sửa.")
        changed_since = audit.present(error.entries(), self.request.user)
        return self.render_to_response(self.get_context_data(form=form, changed_since=changed_since))

    def form_valid(self, form):
        self.seen_version = form.cleaned_data.pop(self.version_field, None)
        try:
            result = self.perform(form)
        except StaleEdit as error:
            return self.stale(form, error)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        return redirect(self.get_success_url(result))


class ServiceModelFormView(ServiceFormView):
    """Create (no `pk`) or edit (`pk`, within scope) one object through its service.

    Subclasses name the model, the form, the service (`service(obj, acting_user=…, **cleaned_data)`) and the
    user property that allows the write (`permission`).
    """

    model = None
    service = None
    permission = "can_manage_registry"
    template_name = "generic_form.html"
    title = ""

    def get_object(self):
        if "pk" in self.kwargs:
            return get_for_user(self.model.objects, self.request.user, pk=self.kwargs["pk"])
        return None

    def versioned_object(self):
        return self.object

    def new_object(self):
        return self.model()

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        require_role(getattr(request.user, self.permission))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.form_class, forms.ModelForm):
            # The service takes the audit's "before" from the locked row, not from this instance the form edits.
            kwargs["instance"] = self.object
        if "user" in getattr(self.form_class, "needs", ()):
            kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, cancel_url=local_path(self.request.GET.get("next")),
                                        **kwargs)

    def perform(self, form):
        seen = {} if self.seen_version is None else {"seen_version": self.seen_version}
        return type(self).service(self.object or self.new_object(), acting_user=self.request.user,
                                  **seen, **form.cleaned_data)

    def get_success_url(self, obj):
        return obj.get_absolute_url()
