from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.shortcuts import resolve_url

from portal.mail import queue_mail
from portal.urls_safety import is_safe_local_url
from portal.wayfinding import newcomer_space, space_of


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (confirmation, password reset…) go through the outbox like all others."""

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed sign-ins per account (``login_failed``'s ``key``): five wrong
        # passwords typed by anyone would lock the owner out. Counted per account *and* client
        # address, a stranger elsewhere exhausts only their own attempts; the per-address limit
        # still bounds guessing across accounts.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def is_safe_url(self, url):
        # A ``next`` still wins over the landing page below, but only a path of this site.
        return is_safe_local_url(url) and super().is_safe_url(url)

    def get_login_redirect_url(self, request):
        """Each role lands where its work is (``portal.wayfinding``)."""
        space = space_of(request.user)
        return space.url if space else resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_signup_redirect_url(self, request):
        # Used at the first sign-in, right after the e-mail is confirmed: sign-up makes
        # newcomers, and they go to their request.
        space = space_of(request.user) or newcomer_space()
        return space.url if space else resolve_url(settings.LOGIN_REDIRECT_URL)

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
