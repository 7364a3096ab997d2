"""Generic views every domain app builds on: each reaches its rows through `visible_to`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, ListView

from . import audit
from .scoping import get_for_user

PAGE_SIZES = (25, 50, 100, 500, 5000)


class ScopedQuerysetMixin:
    """The model's rows visible to the signed-in user, with `related` joined in."""

    model = None
    related: tuple[str, ...] = ()

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related(*self.related)


class ScopedListView(ScopedQuerysetMixin, ListView):
    filterset_class = None
    paginate_by = 50

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=super().get_queryset(),
                                              request=self.request)
        return self.filterset.qs

    def get_paginate_by(self, queryset):
        size = self.request.GET.get("page_size", "")
        return int(size) if size.isdigit() and int(size) in PAGE_SIZES else self.paginate_by

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=self.filterset, page_sizes=PAGE_SIZES, query_without_page=query.urlencode(), **kwargs
        )


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """One object the user may see (404 otherwise), with its change history."""

    def get_object(self, queryset=None):
        return get_for_user(self.get_queryset(), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=audit.history(self.object), **kwargs)


class ServiceFormView(FormView):
    """A form whose valid data goes to one service call; its errors come back onto the form."""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        return redirect(self.get_success_url(result))


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
