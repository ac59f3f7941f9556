"""Test settings: the platform's settings plus a small shareable model made for the access-control matrix."""

from hamkari.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.specimens"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; real hashers are tested in production
# Background tasks run in the request, so a test sees an import's result when the call returns.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
