"""Test settings: the platform's settings plus a small shareable model made for the access-control matrix."""

from hamkari.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.specimens"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; real hashers are tested in production
# Background tasks run in the request, so a test sees an import's result when the call returns.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEMO_INCIDENTS = 0  # tests that want demo incidents ask for them (tests/incidents/test_demo_data.py)
# The gazetteer (~45,000 rows loaded by a migration) is not serialised for transactional tests' rollback: a
# test that needs it after a flush uses tests/places/fixtures.py's `gazetteer` fixture.
TEST_NON_SERIALIZED_APPS = ["hamkari.places"]
# The access-control matrix logs its clients in once and runs for minutes: sessions must outlive it.
SESSION_COOKIE_AGE = 4 * 60 * 60
