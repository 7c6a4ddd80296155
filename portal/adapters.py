from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from portal.mail import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (confirmation, password reset…) go through the outbox like all others."""

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed sign-ins per account (``login_failed``'s ``key``): five wrong
        # passwords typed by anyone would lock the owner out. Counted per account *and* client
        # address, a stranger elsewhere exhausts only their own attempts; the per-address limit
        # still bounds guessing across accounts.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def send_mail(self, template_prefix, email, context):
        site_name = settings.PORTAL_SITE_NAME
        context = {
            "email": email,
            "current_site": SimpleNamespace(name=site_name, domain=settings.SITE_URL),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_mail(
            to=email,
            subject=message.subject,
            text=message.body,
            html=html,
            topic=template_prefix.rsplit("/", 1)[-1],
        )
