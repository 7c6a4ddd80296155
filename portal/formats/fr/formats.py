"""Django's French formats, with the typographic time (« 18 h 30 ») and lowercase months.

Django's formats cannot write « 1er »: pages, mails and PDFs use ``|date_fr`` and
``|datetime_fr`` (portal.templatetags.fr); these formats serve the admin and ``|date`` with
no argument.
"""

from django.conf.locale.fr.formats import *  # noqa: F403

TIME_FORMAT = "G \\h i"
DATETIME_FORMAT = "j F Y à G \\h i"
THOUSAND_SEPARATOR = "\u00a0"
