from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from hamkari.core.selectors import home_sections


@login_required
def home(request):
    return render(request, "core/home.html", {"sections": home_sections(request.user)})


def health(request):
    """For load balancers and monitoring: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
