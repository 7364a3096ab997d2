"""Excel templates, imports with progress and exports, for every kind registered in `core.spreadsheets.SHEETS`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from dxnet.core import spreadsheets
from dxnet.core.exchange import (
    can_import,
    do_export,
    do_retry_import,
    do_start_import,
    fail_interrupted_jobs,
    failed_jobs,
    sheet_for,
)
from dxnet.core.models import ImportJob
from dxnet.core.scoping import get_for_user
from dxnet.core.services import require_role
from dxnet.core.spreadsheets import SHEETS, xlsx_response
from dxnet.core.views import CheckedPageMixin


def _sheet(request, kind):
    if kind not in SHEETS:
        raise Http404
    return sheet_for(kind, request.user)


class ExchangeIndexView(TemplateView):
    template_name = "exchange/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kinds = [(kind, sheet.title, can_import(user, kind)) for kind, sheet in SHEETS.items()]
        return super().get_context_data(kinds=kinds, jobs=ImportJob.objects.visible_to(user)[:20], **kwargs)


class TemplateDownloadView(View):
    def get(self, request, kind):
        return xlsx_response(spreadsheets.template(_sheet(request, kind)), f"mau-{kind}.xlsx")


class ExportView(View):
    """The list's rows under its current filters, only those in scope, in the import format."""

    reads_from_replica = True  # dxnet.core.routing: a standby may serve it

    def get(self, request, kind):
        sheet = _sheet(request, kind)
        filterset = sheet.filterset_class(request.GET or None, queryset=sheet.queryset(), request=request)
        if filterset.is_bound and not filterset.is_valid():
            return JsonResponse({"errors": filterset.errors}, status=400)
        filters = {k: v for k, v in request.GET.items() if v and k not in ("page", "page_size")}
        return xlsx_response(do_export(sheet, filterset.qs, acting_user=request.user, filters=filters), f"{kind}.xlsx")


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV (UTF-8)")


class ImportView(FormView):
    form_class = UploadForm
    template_name = "exchange/import.html"

    def dispatch(self, request, *args, **kwargs):
        self.sheet = _sheet(request, kwargs["kind"])
        require_role(can_import(request.user, self.sheet.kind), "Vai trò của bạn không được nhập loại dữ liệu này.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(sheet=self.sheet, **kwargs)

    def form_valid(self, form):
        job = do_start_import(self.sheet.kind, form.cleaned_data["file"], acting_user=self.request.user)
        return redirect("exchange:job", job.pk)


def _job(request, pk) -> ImportJob:
    """The user's job, after marking failed any job whose run has gone silent (its worker died)."""
    fail_interrupted_jobs()
    return get_for_user(ImportJob.objects.all(), request.user, pk=pk)


class ImportJobView(DetailView):
    template_name = "exchange/job.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return _job(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        job = self.object
        return super().get_context_data(title=SHEETS[job.kind].title, errors=job.errors[:500],
                                        more_errors=max(0, len(job.errors) - 500), **kwargs)


class ImportJobStatusView(View):
    """Progress for the job page to poll while a background import runs."""

    def get(self, request, pk):
        job = _job(request, pk)
        return JsonResponse({"status": job.status, "status_display": job.get_status_display(),
                             "percent": job.percent, "processed": job.processed_rows, "total": job.total_rows,
                             "done": job.status in (ImportJob.Status.SUCCEEDED, ImportJob.Status.FAILED)})


class AnnotatedFileView(View):
    def get(self, request, pk):
        job = get_for_user(ImportJob.objects.all(), request.user, pk=pk)
        if not job.annotated:
            raise Http404
        return FileResponse(job.annotated.open("rb"), as_attachment=True, filename=f"loi-{job.file_name}",
                            content_type=spreadsheets.XLSX)


class FailedImportJobsView(CheckedPageMixin, ListView):
    """The background jobs that broke and can run again, across the country: the national administrator's list."""

    template_name = "exchange/failed_jobs.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        fail_interrupted_jobs()
        return failed_jobs(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for job in context["jobs"]:
            job.title = SHEETS[job.kind].title if job.kind in SHEETS else job.kind
        return context


class ImportJobRetryView(View):
    """Queue an interrupted import again (POST), from the job page's “Thử lại” button."""

    def post(self, request, pk):
        job = get_for_user(ImportJob.objects.all(), request.user, pk=pk)
        try:
            do_retry_import(job, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Đã đưa tệp vào hàng chờ nhập lại.")
        return redirect("exchange:job", job.pk)
