"""Production settings refuse an insecure configuration, naming the variable to fix, and are
clean under ``manage.py check --deploy`` when configured securely.

Each case starts a fresh interpreter, because settings are read once per process.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
CONTROLLED = {
    "DEBUG",
    "SECRET_KEY",
    "FIELD_ENCRYPTION_KEYS",
    "HMAC_KEYS",
    "AUDIT_KEYS",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "KOERS_VAR_DIR",
    "DJANGO_SETTINGS_MODULE",
    "TRUST_X_FORWARDED_PROTO",
    "SECURE_HSTS_SECONDS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the Playwright fixtures in this process
}
SECURE = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Jq2vX9pL4mN8rT1wY6zB3cF5hG0dS2aE7uI9oP4lK6jH8gQ1xZ3vC5bN7mR2tY",
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "HMAC_KEYS": "h2M9kQ4tV7xB1nL6pR3wY8zC5fJ0gD2sA",
    "AUDIT_KEYS": "a7Q2wE9rT4yU1iO6pA3sD8fG5hJ0kL2zX",
    "ALLOWED_HOSTS": "koers.example.nl",
}


def run(overrides: dict[str, str | None], *args: str, tmp_path: Path):
    env = {name: value for name, value in os.environ.items() if name not in CONTROLLED}
    env.update(SECURE)
    env["DJANGO_SETTINGS_MODULE"] = "koers.settings.production"
    env["KOERS_VAR_DIR"] = str(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *(args or ("check",))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SMS_GATEWAY = "koers.notifications.backends.HttpSmsGatewayBackend"


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DEBUG": "true"}, "DEBUG"),
        ({"DEBUG": "perhaps"}, "DEBUG"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short-0123456789"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY"),
        ({"FIELD_ENCRYPTION_KEYS": None}, "FIELD_ENCRYPTION_KEYS"),
        ({"FIELD_ENCRYPTION_KEYS": "not-a-fernet-key"}, "FIELD_ENCRYPTION_KEYS"),
        ({"HMAC_KEYS": None}, "HMAC_KEYS"),
        ({"HMAC_KEYS": "short"}, "HMAC_KEYS"),
        ({"AUDIT_KEYS": None}, "AUDIT_KEYS"),
        ({"AUDIT_KEYS": "short"}, "AUDIT_KEYS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        (
            {
                "NOTIFICATION_SMS_BACKEND": SMS_GATEWAY,
                "SMS_GATEWAY_URL": "http://sms.example.org/send",
                "SMS_GATEWAY_TOKEN": "t" * 32,
            },
            "SMS_GATEWAY_URL",
        ),
        (
            {"NOTIFICATION_SMS_BACKEND": SMS_GATEWAY, "SMS_GATEWAY_URL": "https://sms.example.org"},
            "SMS_GATEWAY_TOKEN",
        ),
    ],
    ids=lambda value: repr(value) if isinstance(value, dict) else value,
)
def test_production_refuses_an_insecure_setting_and_names_it(overrides, variable, tmp_path):
    result = run(overrides, tmp_path=tmp_path)
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_a_secure_configuration_passes_check_deploy(tmp_path):
    result = run({}, "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_demo_data(tmp_path):
    result = run({}, "demo_data", "--no-progress", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "never in production" in result.stderr
