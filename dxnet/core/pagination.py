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
