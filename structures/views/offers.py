"""« Proposer une offre » without an account: the public form, the e-mail confirmation link
and the offerer's personal edit link (the writes are ``structures.offers``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal import ratelimit
from portal.decorators import personal_link
from structures import offers
from structures.forms import OfferEditForm, OfferForm
from structures.models import VacancyPhoto, VacancyStatus

OFFERS_PER_HOUR = 5


def _link_refused(request, check):
    """A wrong link is a 404; a right but old one a 410 saying what to do."""
    if check.expired:
        return render(request, "structures/offer_link_expired.html", status=410)
    raise Http404


def offer_new(request):
    form = OfferForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Counted only once the form is right: a person correcting mistakes is not limited.
        if not ratelimit.hit("offer-submit", ratelimit.client_ip(request), OFFERS_PER_HOUR, 3600):
            return ratelimit.limited(request)
        vacancy = offers.submit_offer(photos=form.cleaned_data["photos"], **form.vacancy_fields())
        return render(request, "structures/offer_submitted.html", {"vacancy": vacancy})
    context = {
        "form": form,
        # Browsers never send chosen files back: after an error they must be chosen again.
        "photos_dropped": request.method == "POST" and bool(request.FILES),
        "max_photos": VacancyPhoto.MAX_PER_OFFER,
    }
    return render(request, "structures/offer_form.html", context)


@personal_link
def offer_email_confirm(request, token):
    """GET shows a button, POST confirms: a mail scanner opening the link confirms nothing."""
    check = offers.vacancy_from_email_token(token)
    if check.vacancy is None:
        return _link_refused(request, check)
    vacancy = check.vacancy
    if request.method == "POST" or vacancy.email_confirmed_at:
        if not vacancy.email_confirmed_at:
            offers.confirm_offer_email(vacancy)
        context = {"vacancy": vacancy, "edit_url": offers.edit_url(vacancy)}
        return render(request, "structures/offer_email_confirmed.html", context)
    return render(request, "structures/offer_email_confirm.html", {"vacancy": vacancy})


@personal_link
def offer_edit(request, token):
    check = offers.vacancy_from_edit_token(token)
    if check.vacancy is None:
        return _link_refused(request, check)
    vacancy = check.vacancy
    editable = vacancy.status in (VacancyStatus.PENDING, VacancyStatus.OPEN)
    photos = list(vacancy.photos.all())
    form = None
    if editable:
        if request.method == "POST" and "end" in request.POST:
            try:
                offers.end_offer(vacancy, status=request.POST["end"])
            except offers.OfferError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("C'est noté : l'offre n'est plus affichée."))
            return redirect("structures:offer_edit", token=token)
        form = OfferEditForm(
            request.POST or None, request.FILES or None, instance=vacancy, photos=photos
        )
        if request.method == "POST" and form.is_valid():
            if not ratelimit.hit("offer-edit", vacancy.pk, 30, 3600):
                return ratelimit.limited(request)
            offers.edit_offer(
                vacancy,
                changes=form.cleaned_data,
                photos=form.cleaned_data["photos"],
                remove_photo_ids=[
                    photo.pk for photo in form.cleaned_data.get("remove_photos") or ()
                ],
            )
            if vacancy.status == VacancyStatus.OPEN:
                messages.success(
                    request, _("Offre modifiée : elle reste publiée, avec vos changements.")
                )
            else:
                messages.success(
                    request, _("Offre modifiée : le guichet la relira avant de la publier.")
                )
            return redirect("structures:offer_edit", token=token)
    context = {
        "vacancy": vacancy,
        "form": form,
        "photos": photos,
        "editable": editable,
        "photos_dropped": request.method == "POST" and bool(request.FILES),
        "published": vacancy.status == VacancyStatus.OPEN,
    }
    return render(request, "structures/offer_edit.html", context)
