"""One reverse for a page's rows gives each row the URL reverse would."""

from django.urls import reverse

from portal.reversing import per_row


def test_each_row_gets_the_url_reverse_gives():
    case_url = per_row("installations:referent_case")
    remove_url = per_row("events:guest_remove", 7)
    for pk in (1, 10, 12345):
        assert case_url(pk) == reverse("installations:referent_case", args=[pk])
        assert remove_url(pk) == reverse("events:guest_remove", args=[7, pk])
