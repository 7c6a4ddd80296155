"""One admin base for every model a user reaches: the rows, the choices, the pre-filled values,
the list filters, the actions and « voir sur le site » all go through the same scope.

The scope of a model is asked of its QuerySet, by name: ``manageable_by(user)`` (what the user
may change) where the model has one, else ``visible_to(user)`` (what they may read), else the
whole table (reference data without owners). The frame imports no app: each app's models
answer for themselves. Out of scope is as if it did not exist.
"""

from urllib.parse import parse_qsl

from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.http import urlencode

SCOPE_METHODS = ("manageable_by", "visible_to")


def scoped(queryset, user):
    """``queryset`` cut to what ``user`` may administer (see the module's docstring)."""
    for name in SCOPE_METHODS:
        method = getattr(queryset, name, None)
        if method is not None:
            return method(user)
    return queryset


def _valid_values(model_field, values):
    """The values that are well-formed keys for ``model_field`` (and fit its column: 10^20 is
    no key); the others are dropped."""
    valid = []
    for value in values:
        try:
            model_field.run_validators(model_field.to_python(value))
        except ValidationError:
            continue
        if value not in ("", None):
            valid.append(value)
    return valid


class ScopedRawIdWidget(widgets.ForeignKeyRawIdWidget):
    """Names the chosen object only when it is among the field's choices: an id typed in the
    URL or posted from outside the user's scope shows no name."""

    def label_and_url_for_value(self, value):
        choices = getattr(self, "choices", None)
        key = self.rel.get_related_field().name
        try:
            in_choices = choices is not None and choices.queryset.filter(**{key: value}).exists()
        except (ValueError, ValidationError):
            return "", ""
        return super().label_and_url_for_value(value) if in_choices else ("", "")


class _WellFormedSelection:
    """An autocomplete re-shown with what was posted looks the posted keys up: a malformed
    one (``abc``, 10^20) is dropped first, as if nothing had been chosen, not a 500."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field.model._meta
        key = remote.get_field(getattr(self.field.remote_field, "field_name", remote.pk.name))
        return super().optgroups(name, _valid_values(key, value), attr)


class ScopedAutocompleteSelect(_WellFormedSelection, widgets.AutocompleteSelect):
    pass


class ScopedAutocompleteSelectMultiple(_WellFormedSelection, widgets.AutocompleteSelectMultiple):
    pass


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A relation's list filter offers only the related objects in the user's scope."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        related = field.related_model._default_manager.all()
        in_scope = scoped(related, request.user)
        if in_scope is related:
            return super().field_choices(field, request, model_admin)
        limit = field.get_limit_choices_to() if hasattr(field, "get_limit_choices_to") else {}
        limit = limit if isinstance(limit, Q) else Q(**(limit or {}))
        return field.get_choices(
            include_blank=False,
            ordering=ordering,
            limit_choices_to=limit & Q(pk__in=in_scope.values("pk")),
        )


def _keeping_current_links(form_class):
    """A change form still offers what the row already links to, even out of the user's
    scope (a case may wish a training site of another desk): saving must not drop it."""

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            try:
                model_field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many:
                current = getattr(self.instance, name).values("pk")
            elif model_field.many_to_one or model_field.one_to_one:
                value = getattr(self.instance, model_field.attname)
                if value is None:
                    continue
                current = queryset.model._default_manager.filter(
                    **{model_field.target_field.name: value}
                ).values("pk")
            else:
                continue
            widened = queryset.model._default_manager.filter(
                Q(pk__in=queryset.values("pk")) | Q(pk__in=current)
            )
            if queryset.query.order_by:
                widened = widened.order_by(*queryset.query.order_by)
            field.queryset = widened

    return type(form_class.__name__, (form_class,), {"__init__": __init__})


class ScopedFields:
    """What a model admin and an inline share: rows and every relation's choices scoped."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ScopedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        elif "widget" not in kwargs and db_field.name in self.raw_id_fields:
            kwargs["widget"] = ScopedRawIdWidget(
                db_field.remote_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._scope_choices(formfield, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ScopedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._scope_choices(formfield, request)

    def _scope_choices(self, formfield, request):
        if formfield is not None and getattr(formfield, "queryset", None) is not None:
            formfield.queryset = scoped(formfield.queryset, request.user)
        return formfield


class ScopedChangeList(ChangeList):
    """A list filter given a value it cannot read (``?referent=x``, a year of 21 digits) is
    the admin's « invalid filter » (a redirect to ``?e=1``), not a 500: Django wraps only the
    errors of its own field filters, not those of a ``SimpleListFilter`` or of the date
    hierarchy's overflow.

    Each row's link carries the list's filters (``?_changelist_filters=…``) as Django's, but
    written once for the page: Django's ``add_preserved_filters`` resolved every row's URL
    against the whole URLconf to learn it is no list (a tenth of the case list's time)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_query = urlencode(dict(parse_qsl(self.preserved_filters)))
        self.preserved_filters = ""  # read only by each row's link: carried by url_for_result

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_query}" if self.row_query else url

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except (ValueError, OverflowError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error


class ScopedModelAdmin(ScopedFields, admin.ModelAdmin):
    """The base of every model admin (see the module's docstring)."""

    # The count of the whole table is a query per page, and tells nothing the user needs.
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return ScopedChangeList

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _keeping_current_links(form)

    def get_changeform_initial_data(self, request):
        """``?field=id`` pre-fills the add page only with objects the user may choose: an id
        out of scope, or malformed, is dropped as if it did not exist. Any other value is
        read as its form field reads it (``?starts_at=abc`` is dropped, not a 500)."""
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                model_field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not isinstance(model_field, (models.ForeignKey, models.ManyToManyField)):
                self._read_initial(initial, name, model_field)
                continue
            values = initial[name] if model_field.many_to_many else [initial[name]]
            kept = self._choosable(model_field, request, values)
            if model_field.many_to_many:
                initial[name] = kept
            elif kept:
                initial[name] = kept[0]
            else:
                del initial[name]
        return initial

    @staticmethod
    def _read_initial(initial, name, model_field):
        # The model field's plain form field: the admin's split date and time reads no text.
        formfield = model_field.formfield() if getattr(model_field, "concrete", False) else None
        if formfield is None:
            return
        try:
            initial[name] = formfield.to_python(initial[name])
        except (ValidationError, ValueError, OverflowError, TypeError):
            del initial[name]

    def _choosable(self, model_field, request, values):
        formfield = self.formfield_for_dbfield(model_field, request)
        queryset = getattr(formfield, "queryset", None)
        values = _valid_values(model_field.target_field, values)
        if queryset is None or not values:
            return []
        key = model_field.target_field.name
        found = {
            str(value)
            for value in queryset.filter(**{f"{key}__in": values}).values_list(key, flat=True)
        }
        return [value for value in values if str(value) in found]

    def get_list_filter(self, request):
        """Relation filters (``"desk"``, ``"period__offer"``) offer only objects in scope."""
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if isinstance(entry, str):
            field = get_fields_from_path(self.model, entry)[-1]
            if field.is_relation:
                return (entry, ScopedRelatedFieldListFilter)
        return entry

    def response_action(self, request, queryset):
        """An action acts on the rows of the (scoped) list; malformed ids are dropped rather
        than failing."""
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        valid = _valid_values(self.opts.pk, selected)
        if valid != selected:
            post = request.POST.copy()
            post.setlist(ACTION_CHECKBOX_NAME, valid)
            request.POST = post
        return super().response_action(request, queryset)


class ScopedInline(ScopedFields):
    """Mixed into ``admin.TabularInline`` / ``admin.StackedInline``."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _keeping_current_links(formset.form)
        return formset


def view_on_site(request, content_type_id, object_id):
    """Django's « voir sur le site » redirect (``/admin/r/<type>/<id>/``), answering 404 for an
    object out of the user's scope exactly as for a missing one."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    model_admin = (
        admin.site.get_model_admin(model) if model and admin.site.is_registered(model) else None
    )
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404
    try:
        reachable = model_admin.get_queryset(request).filter(pk=object_id).exists()
    except (ValueError, ValidationError):
        reachable = False
    if not reachable:
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)
