"""The user's own notifications: the list, opening one (marks it read), marking all read. Thin."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from hamkari.notifications import selectors, services
from hamkari.notifications.labels import text_of


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 50).get_page(request.GET.get("page"))
    rows = [{"n": n, "text": text_of(n)} for n in page.object_list]
    return render(request, "notifications/list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def notification_open(request, pk):
    notification = selectors.notifications_for(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.mark_read(request.user, [notification.pk])
    # Only a path on this site: a stored URL must never send the user elsewhere.
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()},
                                                             require_https=request.is_secure()):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    services.mark_read(request.user)
    return redirect("notifications:list")
