"""Forms of the single appointment: booking a slot (« Mon dossier ») and what a partner ticks
after the session (its link)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.formatting import time_fr

NOTE_LENGTH = 300


class BookForm(forms.Form):
    """The slot a newcomer picks among a session's free slots (radio buttons, no JavaScript).
    Only the number is read here: the service looks the slot up in the case's scope."""

    slot = forms.TypedChoiceField(
        label=_("Créneau"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un créneau.")},
    )

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        slots = getattr(session, "free_slots", []) if session is not None else []
        self.fields["slot"].choices = [(slot.pk, time_fr(slot.starts_at)) for slot in slots]
        if session is None:  # a POST: any number, checked by the service
            self.fields["slot"] = forms.IntegerField(
                min_value=1,
                max_value=2**31 - 1,
                error_messages={"required": _("Choisissez un créneau.")},
            )


class OutcomeForm(forms.Form):
    """Per newcomer of the partner's list: came or not; per step shown: done, and a remark."""

    PRESENCE = [("", _("non noté")), ("yes", _("venu·e")), ("no", _("absent·e"))]

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            slot = row["slot"]
            presence = {True: "yes", False: "no"}.get(slot.attended, "")
            self.fields[f"attended_{slot.pk}"] = forms.ChoiceField(
                label=_("Présence de %(name)s") % {"name": row["name"]},
                choices=self.PRESENCE,
                required=False,
                initial=presence,
                widget=forms.RadioSelect,
            )
            for item in row["steps"]:
                step, outcome = item["step"], item["outcome"]
                key = f"{slot.pk}_{step.pk}"
                self.fields[f"done_{key}"] = forms.BooleanField(
                    label=_("« %(step)s » faite") % {"step": step.title},
                    required=False,
                    initial=bool(outcome and outcome.done) or step.done_at is not None,
                )
                self.fields[f"note_{key}"] = forms.CharField(
                    label=_("Remarque sur « %(step)s »") % {"step": step.title},
                    required=False,
                    max_length=NOTE_LENGTH,
                    initial=outcome.note if outcome else "",
                )
        # Bound fields in the rows, for the template (which reads no form by name).
        for row in rows:
            row["attended_field"] = self[f"attended_{row['slot'].pk}"]
            for item in row["steps"]:
                key = f"{row['slot'].pk}_{item['step'].pk}"
                item["done_field"] = self[f"done_{key}"]
                item["note_field"] = self[f"note_{key}"]

    def outcomes(self):
        """``attended``, ``done`` and ``notes`` as ``sessions.record_outcomes`` reads them."""
        data = self.cleaned_data
        attended, done, notes = {}, set(), {}
        for row in self.rows:
            slot = row["slot"]
            attended[slot.pk] = {"yes": True, "no": False}.get(data.get(f"attended_{slot.pk}"))
            for item in row["steps"]:
                key = (slot.pk, item["step"].pk)
                if data.get(f"done_{key[0]}_{key[1]}"):
                    done.add(key)
                notes[key] = data.get(f"note_{key[0]}_{key[1]}", "")
        return {"attended": attended, "done": done, "notes": notes}
