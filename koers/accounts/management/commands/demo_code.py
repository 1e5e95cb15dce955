"""Print the current second-factor code of a demo user (demo mode only)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo user (refuses in production)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_code works only in demo mode.")
        device = TOTPDevice.objects.filter(
            user__username=username, confirmed=True, name="demo authenticator"
        ).first()
        if device is None:
            raise CommandError(f"{username} is not a demo user with a demo authenticator.")
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
        )
        remaining = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(f"{code:0{device.digits}d}  (valid for {remaining} more seconds)")
