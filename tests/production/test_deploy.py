"""docs/deploy.md's environment: ``check --deploy`` is clean, unsafe settings stop the server,
and form posts behind the TLS-terminating proxy work."""

import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

import tousu.settings

ROOT = Path(__file__).resolve().parents[2]
HTTPS_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "ALLOWED_HOSTS",
]


def documented_environment() -> dict[str, str]:
    """The ``# /etc/tousu/tousu.env`` block of docs/deploy.md, as NAME → value."""
    doc = (ROOT / "docs/deploy.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n# /etc/tousu/tousu.env\n(.*?)```", doc, re.S).group(1)
    return dict(
        line.split("=", 1) for line in block.splitlines() if line and not line.startswith("#")
    )


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """The documented variables, with this machine's paths for files, database and data."""
    env = documented_environment()
    (tmp_path / "secret-key").write_text("Zr" * 20 + "-production-secret-from-a-file-9f8e7d6c5b4a")
    (tmp_path / "smtp-password").write_text("smtp-secret")
    env |= {
        "TOUSU_SECRET_KEY_FILE": str(tmp_path / "secret-key"),
        "TOUSU_EMAIL_HOST_PASSWORD_FILE": str(tmp_path / "smtp-password"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TOUSU_DATA_DIR": str(tmp_path),
        "TOUSU_MEDIA_ROOT": str(tmp_path / "evidence"),
    }
    return env


def run_tousu(env: dict[str, str], *args: str, code: str = "") -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "tousu.cli", *args]
    base = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "LANG": "C.UTF-8"}
    return subprocess.run(
        command, env=base | env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_the_documented_variables(production_env):
    result = run_tousu(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert result.stderr == ""


def test_the_web_server_refuses_to_start_on_an_unsafe_setting(production_env):
    result = run_tousu(production_env | {"TOUSU_DEBUG": "1"}, code="import tousu.wsgi")
    assert result.returncode != 0
    assert "tousu.E002" in result.stderr and "TOUSU_DEBUG" in result.stderr
    assert run_tousu(production_env, code="import tousu.wsgi").returncode == 0


def test_the_worker_refuses_to_start_on_an_unsafe_setting(production_env):
    unsafe = production_env | {"TOUSU_SMS_PROVIDER": "tousu.notify.adapters.LoggingSmsProvider"}
    result = run_tousu(unsafe, "worker", "--once")
    assert result.returncode != 0 and "TOUSU_SMS_PROVIDER" in result.stderr


@pytest.fixture
def behind_the_proxy(production_env, monkeypatch, tmp_path):
    """The HTTPS settings as tousu/settings.py derives them from the documented environment."""
    for name, value in production_env.items():
        monkeypatch.setenv(name, value)
    derived = runpy.run_path(tousu.settings.__file__)
    assert derived["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    with override_settings(**{name: derived[name] for name in HTTPS_SETTINGS}):
        yield


PROXIED = {"HTTP_HOST": "tousu.example.com", "HTTP_X_FORWARDED_PROTO": "https"}


@pytest.mark.django_db
def test_a_form_post_through_the_proxy_is_accepted(behind_the_proxy, consumer):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/login/", **PROXIED)
    assert page.status_code == 200
    assert (
        page.cookies["csrftoken"]["secure"]
        and "max-age=31536000" in page["Strict-Transport-Security"]
    )
    form = {
        "username": "alice",
        "password": "pw-alice",
        "csrfmiddlewaretoken": page.context["csrf_token"],
    }
    response = browser.post("/login/", form, HTTP_ORIGIN="https://tousu.example.com", **PROXIED)
    assert response.status_code == 302 and response.wsgi_request.user == consumer
    assert response.cookies["sessionid"]["secure"]


@pytest.mark.django_db
def test_a_foreign_origin_and_plain_http_are_still_refused(behind_the_proxy, consumer):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/login/", **PROXIED)
    form = {
        "username": "alice",
        "password": "pw-alice",
        "csrfmiddlewaretoken": page.context["csrf_token"],
    }
    assert (
        browser.post("/login/", form, HTTP_ORIGIN="https://evil.example", **PROXIED).status_code
        == 403
    )
    plain = browser.get("/login/", HTTP_HOST="tousu.example.com")
    assert plain.status_code == 301 and plain["Location"] == "https://tousu.example.com/login/"
    assert browser.get("/healthz", HTTP_HOST="tousu.example.com").status_code == 200
