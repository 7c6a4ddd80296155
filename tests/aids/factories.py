import factory

from aids.enums import Funder, SchemeKind, TerritoryLevel
from aids.models import Scheme


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Dispositif {n}")
    slug = factory.Sequence(lambda n: f"dispositif-{n}")
    code = factory.LazyAttribute(lambda scheme: scheme.slug)
    funder = Funder.ARS
    kind = SchemeKind.GRANT
    summary = "Une aide de test."
    source = "Source de test"
    territory_level = TerritoryLevel.NATIONAL
    published = True

    @factory.post_generation
    def professions(scheme, create, extracted, **kwargs):
        if create and extracted:
            scheme.professions.set(extracted)
