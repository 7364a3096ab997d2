from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


def _positive(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < int(value) < 2**31


class Pagination(PageNumberPagination):
    """Pages of 50 by default, `page_size` up to 1000; the answer carries `count`.

    A `page` or `page_size` that is not a positive number is a 400 (DRF would answer 404 or ignore it); a page past
    the last one is a 404.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if number not in self.last_page_strings and not _positive(str(number)):
            raise ValidationError({self.page_query_param: ["Số trang phải là số nguyên dương."]}, code="invalid")
        return number

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw and not _positive(raw):
            raise ValidationError({self.page_size_query_param: [
                f"Số dòng mỗi trang phải là số nguyên từ 1 đến {self.max_page_size}."]}, code="invalid")
        return super().get_page_size(request)


class IdPaginator(Paginator):
    """Pages of a queryset put in order by its ids alone, the list's length read in the same query; only the page's
    rows are then read, by id, with the related rows the queryset asks for. Sorting a province's 53,000 tasks (at
    3×) while joining each to its lead and group, then counting them again, cost the whole list twice for 50 rows."""

    def page(self, number):
        number = self.validate_number_format(number)
        bottom = (number - 1) * self.per_page
        ids = self.object_list.select_related(None).prefetch_related(None).annotate(listed=Window(Count("pk")))
        found = list(ids.values_list("pk", "listed")[bottom:bottom + self.per_page + self.orphans])
        if found:  # the length came with the page (Paginator's cached `count`); else past the end or empty: counted
            self.__dict__["count"] = found[0][1]
        number = self.validate_number(number)
        if bottom + self.per_page + self.orphans < self.count:
            found = found[:self.per_page]
        return self._get_page(self.rows([pk for pk, _ in found]), number, self)

    def validate_number_format(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def rows(self, ids: list) -> list:
        source = self.object_list
        rows = source.model._default_manager.filter(pk__in=ids).order_by()
        rows.query.select_related = source.query.select_related
        by_id = rows.prefetch_related(*source._prefetch_related_lookups).in_bulk()
        return [by_id[pk] for pk in ids if pk in by_id]  # a row deleted between the two reads is left out


class IdPagination(Pagination):
    """The API's pages, by IdPaginator."""

    django_paginator_class = IdPaginator
