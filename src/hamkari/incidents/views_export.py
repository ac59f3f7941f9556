"""The export page and the download. Thin: the form picks, `incidents.exports` does the work.

The file is written to an anonymous temporary file (on disk, never whole in memory, gone when closed) and then
streamed, so the audit entry records exactly how many incidents left before the first byte is sent.
"""

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render

from hamkari.incidents import exports
from hamkari.incidents.exports.forms import ExportForm
from hamkari.tenancy.roles import Perm


def _require_export(user):
    if not user.can(Perm.RECORD_EXPORT):
        raise PermissionDenied


@login_required
def export_page(request):
    _require_export(request.user)
    # Arrive from the incident list with its filters in the query string: they become the form's choices.
    initial = {"format": "csv", **{k: v for k, v in request.GET.items() if k in ExportForm.base_fields and v}}
    return render(request, "incidents/export_page.html", {"form": ExportForm(initial=initial)})


@login_required
def export_download(request):
    _require_export(request.user)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "incidents/export_page.html", {"form": form}, status=400)
    fmt = form.cleaned_data["format"]
    spool = tempfile.TemporaryFile()
    try:
        exports.export_incidents(fmt, spool, user=request.user, filters=form.filters(), request=request)
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    response = FileResponse(spool, as_attachment=True, filename=exports.filename(fmt),
                            content_type=exports.content_type(fmt))
    response["Cache-Control"] = "no-store"
    return response
