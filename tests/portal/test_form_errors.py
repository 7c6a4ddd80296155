import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from installations.models import Case
from tests.installations.factories import CaseFactory

SUMMARY = Template("{% load form_errors %}{% form_errors form %}")


class TwoFieldsForm(forms.Form):
    name = forms.CharField(label="Nom")
    kind = forms.ChoiceField(
        label="Genre", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )

    def clean(self):
        raise forms.ValidationError("Tout est à revoir.")


def test_the_summary_counts_in_french_and_links_each_field():
    html = SUMMARY.render(Context({"form": TwoFieldsForm(data={})}))
    assert "Le formulaire contient 3 erreurs :" in html
    assert 'role="alert"' in html and 'tabindex="-1"' in html
    assert '<a href="#id_name">Nom : Ce champ est obligatoire.</a>' in html
    # A radio group has no element of its own id: the link reaches its first box.
    assert '<a href="#id_kind_0">Genre : Ce champ est obligatoire.</a>' in html
    assert "<li>Tout est à revoir.</li>" in html  # errors of no field are listed too


def test_one_error_is_singular():
    form = TwoFieldsForm(data={"name": "x", "kind": "a"})
    html = SUMMARY.render(Context({"form": form}))
    assert "Le formulaire contient 1 erreur :" in html


def test_no_summary_without_errors():
    assert SUMMARY.render(Context({"form": TwoFieldsForm()})).strip() == ""


def test_prefixed_forms_get_their_own_summary_id():
    html = SUMMARY.render(Context({"form": TwoFieldsForm(data={}, prefix="note")}))
    assert 'id="erreurs-note"' in html and 'href="#id_note-name"' in html


@pytest.mark.django_db
def test_the_missing_consent_is_announced_at_the_top_of_the_last_step(
    client, newcomer, desk, gp, figeac
):
    case = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
    client.force_login(newcomer)
    url = reverse("installations:request_step", kwargs={"pk": case.pk, "step": "envoi"})
    html = client.post(url, {}).content.decode()
    form = html[html.index("<form") :]
    summary = form.index("Le formulaire contient 1 erreur :")
    assert summary < form.index('name="consent"')  # above the box, not a screen below
    assert re.search(r'<a href="#id_consent">[^<]*Cochez cette case pour envoyer', form)
    assert Case.objects.get(pk=case.pk).status == "draft"


@pytest.mark.django_db
def test_a_failed_sign_in_is_summarised_at_the_top(client, newcomer):
    html = client.post(
        reverse("account_login"), {"login": newcomer.email, "password": "pas le bon"}
    ).content.decode()
    form = html[html.index('<form method="post"') :]
    assert "Le formulaire contient 1 erreur :" in form
    assert form.index("Le formulaire contient") < form.index('name="password"')


@pytest.mark.django_db
def test_deleting_one_account_lists_both_missing_answers(client, newcomer):
    client.force_login(newcomer)
    html = client.post(reverse("privacy:delete_account"), {"password": ""}).content.decode()
    assert "Le formulaire contient 2 erreurs :" in html
    assert 'href="#id_understood"' in html and 'href="#id_password"' in html
