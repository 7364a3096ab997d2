"""Rules on uploaded files, declared once on the model field so that the form and the API apply the same."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models.fields.files import FieldFile
from django.utils.deconstruct import deconstructible

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
