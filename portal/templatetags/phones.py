from django import template

from portal import phones

register = template.Library()


@register.filter
def phone_link(value):
    """``{{ desk.phone|phone_link }}`` → ``<a href="tel:+33612345678">06 12 34 56 78</a>``.
    Anything but text (the placeholder of a missing related row) shows nothing."""
    return phones.link(value) if value and isinstance(value, str) else ""


@register.filter
def phone(value):
    """The number as its country writes it, for print (PDF, plain text)."""
    return phones.display(value) if value and isinstance(value, str) else ""
