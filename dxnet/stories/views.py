"""Pages of success stories: the list (by area, province, year, publication), a story, its form, publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView

from . import services
from .access import get_story_for_user
from .filters import SuccessStoryFilterSet
from .forms import PublishForm, SuccessStoryForm
from .models import SuccessStory


class SuccessStoryListView(ScopedListView):
    model = SuccessStory
    related = ("agency", "area")
    filterset_class = SuccessStoryFilterSet
    title = "Mô hình, câu chuyện chuyển đổi số thành công"
    columns = (("Mô hình, câu chuyện", "title"), ("Cơ quan", "agency.name"), ("Lĩnh vực", "area.name"),
               ("Ngày", "date"), ("Đã công bố", "published"))
    detail_url_name = "stories:detail"
    export_kind = "success-stories"
    actions = (("Ghi nhận mô hình", "stories:create", "can_manage_registry"),)


class SuccessStoryDetailView(ScopedDetailView):
    model = SuccessStory
    related = ("agency", "area")
    template_name = "stories/story_detail.html"
    facts = (("Cơ quan", "agency.name"), ("Lĩnh vực", "area.name"), ("Ngày", "date"), ("Tóm tắt", "summary"),
             ("Đã công bố", "published"), ("Công bố lúc", "published_at"))
    edit_url_name = "stories:update"

    def get_parent_link(self):
        return ("Mô hình, câu chuyện thành công", reverse("stories:list"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_publish=services.may_publish(self.request.user, self.object), **kwargs)


class SuccessStoryCreateView(ServiceModelFormView):
    model = SuccessStory
    form_class = SuccessStoryForm
    service = services.do_save_story
    title = "Ghi nhận mô hình, câu chuyện thành công"


class SuccessStoryUpdateView(SuccessStoryCreateView):
    title = "Sửa mô hình, câu chuyện"

    def get_object(self):
        return get_story_for_user(self.request.user, self.kwargs["pk"], action="change")


class SuccessStoryPublishView(View):
    """POST: a coordinator publishes the story on the open-data page, or withdraws it."""

    def post(self, request, pk):
        story = get_story_for_user(request.user, pk, action="publish")
        form = PublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Hãy chọn công bố hoặc thu hồi công bố.")
            return redirect(story.get_absolute_url())
        try:
            services.do_publish_story(story, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Đã công bố trên trang dữ liệu mở." if form.cleaned_data["published"]
                             else "Đã thu hồi công bố.")
        return redirect(story.get_absolute_url())


class SuccessStoryFileView(View):
    """The story's attached file, to those who see the story."""

    def get(self, request, pk):
        story = get_story_for_user(request.user, pk)
        if not story.file:
            raise Http404
        return FileResponse(story.file.open("rb"), as_attachment=True, filename=story.file.name.rsplit("/", 1)[-1])
