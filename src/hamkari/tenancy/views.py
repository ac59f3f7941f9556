from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from hamkari.tenancy import selectors


@login_required
def agency_list(request):
    return render(request, "tenancy/agency_list.html", {"agencies": selectors.agencies_visible_to(request.user)})


@login_required
def agency_detail(request, code):
    agency = get_object_or_404(selectors.agencies_visible_to(request.user), code=code)
    return render(request, "tenancy/agency_detail.html", {"agency": agency})
