from django.core.management.base import BaseCommand

from socialdynamo.accounts.models import User
from socialdynamo.core import demo_data


class Command(BaseCommand):
    help = "Print the demo accounts and how to sign in with them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="the address the site is served at"
        )

    def handle(self, *args, url, **options):
        url = url.rstrip("/")
        emails = [e for e, *_ in demo_data.STAFF[:1]] + [e for e, *_ in demo_data.DEMO_LOGINS]
        if not User.objects.filter(email__in=emails).exists():
            self.stdout.write(
                "No demo data yet: run `make run` or `python manage.py seed_demo` first."
            )
            return
        out = self.stdout.write
        out("")
        out("=" * 72)
        out(f"Social Dynamo demo — {url}/  (English: {url}/en/)")
        out(f"Password for every demo account: {demo_data.DEMO_PASSWORD}")
        out("-" * 72)
        out(f"  {demo_data.STAFF[0][0]:<36} hub staff (back office at /admin/)")
        for email, _first, _last, role, _flags in demo_data.DEMO_LOGINS:
            out(f"  {email:<36} {role}")
        out("-" * 72)
        out("Staff sign in with two-factor authentication. Get the current 6-digit code with:")
        out("  .venv/bin/python manage.py demo_totp")
        out(f"or add this secret to an authenticator app: {demo_data.DEMO_TOTP_SECRET}")
        out("=" * 72)
        out("")
