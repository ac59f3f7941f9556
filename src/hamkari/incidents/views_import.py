"""The import pages: upload (with a progress bar), the batch page that follows the import, the report, the
template. Thin: the work is in incidents/importing/services.py.

A batch is seen only by users of the importing agency who may report or read records; anyone else gets 404,
exactly as for a batch that does not exist.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from hamkari.incidents.importing import services
from hamkari.incidents.importing.forms import ImportForm
from hamkari.incidents.importing.template import template_csv, template_xlsx
from hamkari.incidents.models import ImportBatch, ImportStatus
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction, Handling
from hamkari.tenancy.roles import Perm

PROBLEMS_SHOWN = 200
BATCHES_LISTED = 50
# Multipart overhead on top of the file itself (boundaries, the other fields).
MULTIPART_SLACK = 64 * 1024


def _may_import(user) -> bool:
    return user.agency_id is not None and user.can(Perm.RECORD_CREATE)


def _batch_for(user, pk) -> ImportBatch:
    if user.agency_id is None or not (user.can(Perm.RECORD_CREATE) or user.can(Perm.RECORD_READ_PERSONAL)):
        raise Http404
    batch = (ImportBatch.objects.filter(pk=pk, agency_id=user.agency_id)
             .select_related("agency", "created_by", "sharing_group").first())
    if batch is None:
        raise Http404
    return batch


class _SizeLimitHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit, for requests that did not declare a length."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.import_too_large = self.received
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt  # the CSRF check runs in _upload, after the size limit is in place (Django's documented pattern)
def import_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_import(request.user):
        raise PermissionDenied
    if request.method == "POST":
        limit = services.max_bytes()
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit + MULTIPART_SLACK:
            # Refused before a byte of the body is read.
            return _form_page(request, ImportForm(agency=request.user.agency),
                              error=services.size_refusal(declared), status=413)
        request.upload_handlers.insert(0, _SizeLimitHandler(request, limit))
    return _upload(request)


@csrf_protect
def _upload(request):
    agency = request.user.agency
    if request.method != "POST":
        return _form_page(request, ImportForm(agency=agency))
    form = ImportForm(request.POST, request.FILES, agency=agency)
    too_large = getattr(request, "import_too_large", None)
    if too_large:
        return _form_page(request, ImportForm(agency=agency), error=services.size_refusal(too_large), status=413)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            batch = services.create_batch(user=request.user, agency=agency, source=upload, filename=upload.name,
                                          fmt=data["format"], handling=data["handling"],
                                          sharing_group=data.get("sharing_group"), dry_run=data["dry_run"])
        except ValidationError as exc:
            for field, messages in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            services.enqueue(batch)
            url = reverse("incidents:import-detail", args=[batch.pk])
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return JsonResponse({"redirect": url})
            return redirect(url)
    return _form_page(request, form, status=400)


def _form_page(request, form, *, error=None, status=200):
    batches = (ImportBatch.objects.filter(agency_id=request.user.agency_id).select_related("created_by")
               .defer("problems")[:BATCHES_LISTED])
    return render(request, "incidents/import_form.html", {
        "form": form, "error": error, "batches": batches, "max_bytes": services.max_bytes(),
        "max_mb": services.max_bytes() // (1024 * 1024),
    }, status=status)


@login_required
def import_detail(request, pk):
    batch = _batch_for(request.user, pk)
    audit.record(AuditAction.VIEW, actor=request.user, request=request, object_type="incidents.importbatch",
                 object_id=str(batch.pk), object_country=batch.agency.country_id or "",
                 object_agency=batch.agency.code)
    return render(request, "incidents/import_detail.html", _status_context(batch))


@login_required
def import_status(request, pk):
    """The part of the batch page that htmx polls every second until the batch has finished."""
    batch = _batch_for(request.user, pk)
    return render(request, "incidents/import_status.html", _status_context(batch))


def _status_context(batch):
    finished = batch.status in (ImportStatus.DONE, ImportStatus.CHECKED, ImportStatus.FAILED)
    total = batch.rows_total or 0
    percent = min(100, int(batch.rows_done * 100 / total)) if total else 0
    problems = batch.problems if finished else []
    return {
        "batch": batch, "finished": finished, "percent": percent,
        "handling_label": dict(Handling.choices).get(batch.handling, batch.handling),
        "saving": batch.status == ImportStatus.RUNNING and total and batch.rows_done >= total,
        "problems": problems[:PROBLEMS_SHOWN], "problems_more": max(0, len(problems) - PROBLEMS_SHOWN),
        "problem_count": len(problems),
    }


@login_required
@require_GET
def import_report(request, pk):
    batch = _batch_for(request.user, pk)
    audit.record(AuditAction.EXPORT, actor=request.user, request=request, object_type="incidents.importbatch",
                 object_id=str(batch.pk), object_country=batch.agency.country_id or "",
                 object_agency=batch.agency.code, detail={"report": "problems", "rows": len(batch.problems or [])})
    response = HttpResponse(services.problems_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-report.csv"'
    return response


@login_required
@require_GET
def template_download(request, kind):
    if kind == "xlsx":
        response = HttpResponse(template_xlsx(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hamkari-template.{kind}"'
    return response
