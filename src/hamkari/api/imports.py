"""File imports through the API: upload (answered at once with 202 and a status URL; the import runs in the
background), follow the status, download the problem report.

An import batch is not a shareable record: it belongs to the importing agency and is seen only by that agency's
users who may report records. Any other batch answers 404, exactly like one that does not exist.
"""

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status

from hamkari.api.common import Limit, Offset, RecordId, errors, responses
from hamkari.incidents.importing import services as importing
from hamkari.incidents.models import ImportBatch, ImportFormat
from hamkari.tenancy.roles import Perm

router = Router(tags=["imports"])
MAX_PROBLEMS_SHOWN = 1000  # in the JSON status; the CSV report holds every one


class ImportForm(Schema):
    format: Literal[tuple(ImportFormat.values)] = Field(  # type: ignore[valid-type]
        description="hamkari (the Hamkari template) or ids (UNODC individual drug seizures)")
    handling: Literal["national", "restricted", "regional", "public"] = "national"
    group: UUID | None = Field(None, description="sharing group, required with the restricted handling code")
    dry_run: bool = Field(False, description="check every row and report, import nothing")


class Accepted(Schema):
    id: int
    status: str
    status_url: str


class ImportProblem(Schema):
    row: int | None = Field(description="row number in the file (1 is the header)")
    column: str
    reason: str
    value: str


class ImportStatusOut(Schema):
    id: int
    status: str = Field(description="queued, running, done, checked (dry run) or failed")
    format: str
    filename: str
    handling: str
    dry_run: bool
    message: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    rows_total: int
    rows_done: int
    rows_imported: int
    rows_unchanged: int = Field(description="already imported by an earlier upload of the same rows")
    rows_rejected: int
    rows_duplicate: int = Field(description="identical rows in the file, imported and flagged")
    problem_count: int
    problems: list[ImportProblem] = Field(description=f"the first {MAX_PROBLEMS_SHOWN}; problems.csv has all")
    problems_url: str
    status_url: str


class ImportPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[ImportStatusOut]


def _may_import(user) -> bool:
    return user.agency_id is not None and user.agency.is_active and user.can(Perm.RECORD_CREATE)


def _batches(user):
    if not _may_import(user):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(agency_id=user.agency_id)


def _batch(user, pk) -> ImportBatch:
    batch = _batches(user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def _url(batch, suffix="") -> str:
    return f"/api/v1/imports/{batch.pk}{suffix}"


def _problem(p) -> dict:
    if not isinstance(p, dict):
        return {"row": None, "column": "", "reason": str(p), "value": ""}
    row = p.get("row")
    return {"row": row if isinstance(row, int) else None, "column": str(p.get("column") or ""),
            "reason": str(p.get("reason") or ""), "value": str(p.get("value") or "")}


def _status(batch) -> dict:
    problems = batch.problems if isinstance(batch.problems, list) else []
    return {
        "id": batch.pk, "status": batch.status, "format": batch.format, "filename": batch.filename,
        "handling": batch.handling, "dry_run": batch.dry_run, "message": batch.message,
        "created_at": batch.created_at, "started_at": batch.started_at, "finished_at": batch.finished_at,
        "rows_total": batch.rows_total, "rows_done": batch.rows_done, "rows_imported": batch.rows_imported,
        "rows_unchanged": batch.rows_unchanged, "rows_rejected": batch.rows_rejected,
        "rows_duplicate": batch.rows_duplicate, "problem_count": len(problems),
        "problems": [_problem(p) for p in problems[:MAX_PROBLEMS_SHOWN]],
        "problems_url": _url(batch, "/problems.csv"), "status_url": _url(batch),
    }


def _errors_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(str(m) for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(str(m) for m in exc.messages)


@router.post("", response=responses({202: Accepted}, 413), summary="Upload a file to import",
             description="CSV (any delimiter; UTF-8, UTF-16, Windows-1251 or Windows-1256) or XLSX, in the Hamkari "
                         "template or the UNODC IDS format. Answers 202 at once; follow `status_url`.")
def import_create(request, file: File[UploadedFile], form: Form[ImportForm]):
    from hamkari.sharing.selectors import groups_visible_to

    user = request.user
    if not _may_import(user):
        raise PermissionDenied
    if file.size is not None and file.size > importing.max_bytes():
        raise HttpError(413, importing.size_refusal(file.size))
    group = None
    if form.group is not None:
        group = groups_visible_to(user).filter(uuid=form.group).first()
        if group is None:
            raise HttpError(400, _("Unknown sharing group."))
    try:
        batch = importing.create_batch(user=user, agency=user.agency, source=file, filename=file.name or "",
                                       fmt=form.format, handling=form.handling, sharing_group=group,
                                       dry_run=form.dry_run)
    except ValidationError as exc:
        raise HttpError(400, _errors_text(exc)) from None
    importing.enqueue(batch)
    batch.refresh_from_db()
    return Status(202, {"id": batch.pk, "status": batch.status, "status_url": _url(batch)})


@router.get("", response=responses({200: ImportPage}), summary="Your agency's imports, newest first")
def import_list(request, limit: Limit = 50, offset: Offset = 0):
    qs = _batches(request.user).order_by("-created_at", "-pk")
    return {"count": qs.count(), "limit": limit, "offset": offset,
            "results": [_status(b) for b in qs[offset:offset + limit]]}


@router.get("/{id}", response=responses({200: ImportStatusOut}, 404), summary="The status of an import",
            description="With its counters and the problems found so far.")
def import_status(request, id: RecordId):
    return _status(_batch(request.user, id))


CSV_RESPONSE = {"responses": {200: {"description": "CSV: row, column, reason, value (UTF-8 with a BOM)",
                                    "content": {"text/csv": {"schema": {"type": "string"}}}}}}


@router.get("/{id}/problems.csv", response={200: None, **errors(400, 401, 403, 404, 422)},
            openapi_extra=CSV_RESPONSE, summary="The problem report of an import, as CSV")
def import_problems(request, id: RecordId):
    batch = _batch(request.user, id)
    response = HttpResponse(importing.problems_csv(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-problems.csv"'
    return response
