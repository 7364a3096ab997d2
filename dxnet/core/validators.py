"""Rules on uploaded files and on days, declared once on the model field so that the form, the API and the sheet
apply the same."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models.fields.files import FieldFile
from django.utils.deconstruct import deconstructible

# The years the platform has data for: a day outside is a typing error (0001-01-01, 9999-12-31), and date arithmetic
# near the ends of the calendar overflows.
EARLIEST_DAY, LATEST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)
DAY_RANGE_MESSAGE = "Ngày phải trong khoảng 01/01/2000 đến 31/12/2100."


@deconstructible
class PlausibleDate:
    """A day from 01/01/2000 to 31/12/2100."""

    def __call__(self, value) -> None:
        if value and not EARLIEST_DAY <= value <= LATEST_DAY:
            raise ValidationError(DAY_RANGE_MESSAGE, code="out_of_range")

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleDate)


DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg", "jpeg", "png", "zip"]
DOCUMENT_MEGABYTES = 20


@deconstructible
class MaxFileSizeValidator:
    """Refuse a new upload above `megabytes`; a file already stored is not measured again."""

    def __init__(self, megabytes: int):
        self.megabytes = megabytes

    def __call__(self, file) -> None:
        if not file or (isinstance(file, FieldFile) and file._committed):
            return
        if file.size > self.megabytes * 1024 * 1024:
            raise ValidationError("Tệp vượt quá %(limit)s MB; hãy nén hoặc chia nhỏ tệp.", code="too_large",
                                  params={"limit": self.megabytes})

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxFileSizeValidator) and other.megabytes == self.megabytes


def document_file_validators(extensions=DOCUMENT_EXTENSIONS, megabytes: int = DOCUMENT_MEGABYTES) -> list:
    """An attached document (evidence, a decision, a report's file): its type and its size."""
    return [FileExtensionValidator(extensions, message=(
                "Không nhận tệp đuôi “%(extension)s”; chỉ nhận: %(allowed_extensions)s.")),
            MaxFileSizeValidator(megabytes)]
