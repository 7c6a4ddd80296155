from django.utils.functional import SimpleLazyObject

from privacy.retention import policy


def retention(request):
    """The retention periods the jobs apply, for the privacy page and « Mes données ».
    Lazy: a page that does not show them pays no query."""
    return {"retention": SimpleLazyObject(policy)}
