from django import template

register = template.Library()


def _anchor(bound_field) -> str:
    """The id a link to the field should reach: the field itself, or the first box of a
    radio or checkbox group (whose label points nowhere)."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    subwidgets = bound_field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else ""


@register.inclusion_tag("portal/_form_errors.html")
def form_errors(form, intro=""):
    """The summary of a form's errors, at its top, each error a link to its field:
    ``{% load form_errors %}{% form_errors form %}``."""
    items = [{"message": message, "href": ""} for message in form.non_field_errors()]
    for bound_field in form:
        for message in bound_field.errors:
            if bound_field.is_hidden:
                items.append({"message": message, "href": ""})
            else:
                items.append(
                    {"message": message, "href": _anchor(bound_field), "label": bound_field.label}
                )
    return {
        "items": items,
        "count": len(items),
        "intro": intro,
        "summary_id": f"erreurs-{form.prefix}" if form.prefix else "erreurs",
    }
