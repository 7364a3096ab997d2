from dxnet.core.views import ScopedDetailView, ScopedListView, ServiceModelFormView

from . import services
from .filters import TrainingRecordFilterSet
from .forms import TrainingRecordForm
from .models import TrainingRecord


class TrainingRecordListView(ScopedListView):
    model = TrainingRecord
    related = ("agency", "person")
    filterset_class = TrainingRecordFilterSet
    title = "Kết quả bồi dưỡng, tập huấn về chuyển đổi số"
    columns = (("Cán bộ", "person.full_name"), ("Cơ quan", "agency.name"), ("Khóa", "course"),
               ("Ngày hoàn thành", "completed_on"), ("Số giờ", "hours"))
    detail_url_name = "training:record"
    export_kind = "trainings"
    actions = (("Ghi nhận kết quả", "training:record-create", "can_manage_registry"),)


class TrainingRecordDetailView(ScopedDetailView):
    model = TrainingRecord
    related = ("agency", "person")
    facts = (("Cán bộ", "person.full_name"), ("Cơ quan", "agency.name"), ("Khóa", "course"),
             ("Đơn vị tổ chức", "provider"), ("Ngày hoàn thành", "completed_on"), ("Số giờ", "hours"))
    edit_url_name = "training:record-update"


class TrainingRecordEditView(ServiceModelFormView):
    model = TrainingRecord
    form_class = TrainingRecordForm
    service = services.do_record_training
    title = "Kết quả bồi dưỡng, tập huấn"
