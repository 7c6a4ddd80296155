import factory
from allauth.account.models import EmailAddress

from portal.models import User
from portal.roles import Role

PASSWORD = "mot-de-passe-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.NEWCOMER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        referent = factory.Trait(role=Role.REFERENT)
        staff = factory.Trait(role=Role.STAFF)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        superuser = factory.Trait(is_superuser=True, role=Role.STAFF)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """E-mail confirmed unless ``verified=False``: allauth lets only those sign in."""
        if not create:
            return
        user.save()
        if extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
