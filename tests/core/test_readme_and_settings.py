import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hamkari.core.management.commands.serve import production_problems
from hamkari.tenancy.roles import role_table_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_readme_starts_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    commands = [line.split("#")[0].strip() for line in lines[:6] if line.startswith("make ")]
    assert commands == ["make demo", "make test"]


def test_readme_role_table_is_the_enforced_table():
    text = (ROOT / "README.md").read_text()
    table = re.search(r"<!-- role-table:start -->\n(.*?)\n<!-- role-table:end -->", text, re.S).group(1)
    assert table.strip() == role_table_markdown().strip()


def _hamkari(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "hamkari.cli", *args], env=env, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _hamkari("check", "--deploy", "--fail-level", "WARNING", env_extra={
        "HAMKARI_PRODUCTION": "1", "SECRET_KEY": "k" * 20 + "Z9-x" * 12, "ALLOWED_HOSTS": "hamkari.example.org",
        "HAMKARI_VAR_DIR": str(tmp_path),
    })
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_load_without_secret_key(tmp_path):
    result = _hamkari("check", env_extra={"HAMKARI_PRODUCTION": "1", "HAMKARI_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_boolean_in_environment_fails_loudly(tmp_path):
    result = _hamkari("check", env_extra={"DEBUG": "maybe", "HAMKARI_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


@pytest.mark.django_db
def test_serve_production_refuses_with_demo_accounts(monkeypatch, af_analyst, settings):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    settings.DEBUG = False
    assert any("demo accounts" in p for p in production_problems())
    with pytest.raises(CommandError, match="refusing to start in production"):
        call_command("serve", production=True)


@pytest.mark.django_db
def test_serve_production_refuses_without_secret_key_or_with_debug(monkeypatch, settings):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    settings.DEBUG = True
    problems = production_problems()
    assert "SECRET_KEY is not set" in problems
    assert "DEBUG is on" in problems


@pytest.mark.django_db
def test_production_problems_empty_when_configured(monkeypatch, settings):
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["hamkari.example.org"]
    assert production_problems() == []


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found.update(int(p) for p in text.split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc (Linux)")
def test_serve_stopped_by_sigterm_stops_its_task_worker_too(tmp_path):
    """A process manager stops the development server with SIGTERM: the task worker it started must not live on."""
    import signal
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "HAMKARI_TASKS_IMMEDIATE"}}
    env.update({"HAMKARI_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    # A migrated database: the worker polls its task table (on an empty database it would stop by itself).
    subprocess.run([sys.executable, "-m", "hamkari.cli", "migrate", "--verbosity", "0"], env=env, cwd=ROOT,
                   check=True, timeout=300)
    server = subprocess.Popen([sys.executable, "-m", "hamkari.cli", "serve", "--port", str(port)], env=env,
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not _children(server.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(server.pid)
        assert workers, "serve started no task worker"
        time.sleep(2)
        assert all(_alive(p) for p in workers), "the task worker stopped by itself"
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in workers), "the task worker outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
        for pid in workers:  # never leave one behind, even when the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
