from django.conf import settings

from hamkari.tenancy.roles import Perm


def platform(request):
    user = getattr(request, "user", None)
    perms = user.permissions if user is not None and user.is_authenticated else frozenset()
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "user_perms": {p.name: (p in perms) for p in Perm},
    }
