"""`hamkari serve`: the development server; `hamkari serve --production`: gunicorn with whitenoise."""

import os
import signal
import shutil
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def production_problems() -> list[str]:
    """Why the platform must not start in production, or an empty list."""
    from hamkari.tenancy.models import User

    problems = []
    if not os.environ.get("SECRET_KEY") and not os.environ.get("SECRET_KEY_FILE"):
        problems.append("SECRET_KEY is not set")
    if settings.DEBUG:
        problems.append("DEBUG is on")
    if not settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS is empty")
    demo = User.objects.filter(is_demo=True).count()
    if demo:
        problems.append(f"{demo} demo accounts exist (remove them with `hamkari seed --remove-demo`)")
    return problems


def start_task_worker() -> subprocess.Popen | None:
    """The database task worker (file imports) as a child process, unless tasks run in the request."""
    if "ImmediateBackend" in settings.TASKS["default"]["BACKEND"]:
        return None
    return subprocess.Popen([sys.executable, "-m", "hamkari.cli", "db_worker", "--no-startup-delay",
                             "--interval", "1"], env=os.environ.copy())


class Command(BaseCommand):
    help = "Serve Hamkari: the development server, or gunicorn with --production."

    def add_arguments(self, parser):
        parser.add_argument("--production", action="store_true", help="gunicorn, whitenoise, strict checks")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
        parser.add_argument("--no-task-worker", action="store_true",
                            help="do not start the background task worker (imports) beside the web server")

    def handle(self, *args, production, port, host, workers, no_task_worker=False, **options):
        if not production:
            worker = None if no_task_worker else start_task_worker()
            # Stopped by a process manager (SIGTERM), not only by Ctrl-C: leave through `finally`, so that the task
            # worker stops too instead of living on, orphaned.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            try:
                call_command("runserver", f"{host}:{port}", use_reloader=False)
            finally:
                if worker is not None:
                    worker.terminate()
                    worker.wait(timeout=10)
            return
        problems = production_problems()
        if problems:
            raise CommandError("refusing to start in production: " + "; ".join(problems))
        call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(gunicorn, [
            gunicorn, "hamkari.wsgi:application", "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ])
