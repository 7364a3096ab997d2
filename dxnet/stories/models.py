"""Success stories and models of digital transformation (mô hình, câu chuyện chuyển đổi số thành công, seed 004
part 4): found, honoured and spread by each agency; a coordinator publishes them on the open-data page."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dxnet.agencies.models import Agency
from dxnet.core.scoping import CatalogueQuerySet, ScopedQuerySet
from dxnet.core.validators import LATEST_DAY, PlausibleDate, document_file_validators

http_link = URLValidator(schemes=["http", "https"],
                         message="Liên kết phải là một địa chỉ web bắt đầu bằng http:// hoặc https://.")
DUPLICATE = ("Cơ quan này đã có mô hình, câu chuyện cùng tên và cùng ngày; hãy sửa mô hình đã có thay vì ghi "
             "lại.")


class StoryArea(models.Model):
    """An area a story is filed under (chính quyền số, kinh tế số, xã hội số, …): a small managed list."""

    code = models.SlugField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("lĩnh vực", max_length=120)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "lĩnh vực mô hình"
        verbose_name_plural = "lĩnh vực mô hình"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class SuccessStoryQuerySet(ScopedQuerySet):
    agency_path_lookup = "agency__path"

    def published(self):
        return self.filter(published=True)


class SuccessStory(models.Model):
    """A success story or model of an agency: what was done, where to read more (a link or a file), on which day."""

    agency = models.ForeignKey(Agency, verbose_name="cơ quan", on_delete=models.PROTECT,
                               related_name="success_stories")
    title = models.CharField("tên mô hình, câu chuyện", max_length=300,
                             error_messages={"blank": "Hãy nhập tên mô hình, câu chuyện."})
    area = models.ForeignKey(StoryArea, verbose_name="lĩnh vực", on_delete=models.PROTECT, related_name="stories",
                             error_messages={"null": "Hãy chọn lĩnh vực.", "blank": "Hãy chọn lĩnh vực."})
    summary = models.TextField("tóm tắt", blank=True)
    link = models.CharField("liên kết", max_length=500, blank=True, validators=[http_link],
                            help_text="Bài viết, video giới thiệu; bắt đầu bằng http:// hoặc https://.")
    file = models.FileField("tệp đính kèm", upload_to="stories/%Y/", blank=True,
                            validators=document_file_validators())
    date = models.DateField("ngày", db_index=True, validators=[PlausibleDate()],
                            help_text="Ngày triển khai hoặc ghi nhận; không sau hôm nay.",
                            error_messages={"null": "Hãy nhập ngày.", "invalid": "Ngày phải có dạng dd/mm/yyyy."})
    published = models.BooleanField("đã công bố", default=False)
    published_at = models.DateTimeField("công bố lúc", null=True, blank=True)

    objects = SuccessStoryQuerySet.as_manager()

    class Meta:
        verbose_name = "mô hình, câu chuyện thành công"
        verbose_name_plural = "mô hình, câu chuyện thành công"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["published", "date"], name="story_published_date")]
        # A form sent twice (or a story typed again) would be the same story twice on the open-data page.
        constraints = [models.UniqueConstraint(fields=["agency", "title", "date"], name="story_once",
                                               violation_error_message=DUPLICATE)]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.date and timezone.localdate() < self.date <= LATEST_DAY:  # beyond it: PlausibleDate's one message
            raise ValidationError({"date": "Ngày của mô hình, câu chuyện không được sau hôm nay."})
