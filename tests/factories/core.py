import factory
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from kolplatform.core.models import (
    ApprovalRoute,
    ApprovalStep,
    CostCenter,
    Notification,
    Product,
    Region,
    TherapeuticArea,
    User,
)
from kolplatform.core.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass role="finance" (a kolplatform.core.roles.Role) to put them in that group."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pass12345!")
    language = "en"

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional (browser) tests flush the groups the migration made.
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    name = factory.Sequence(lambda n: f"Регион {n}")


class TherapeuticAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TherapeuticArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Терапевтическая область {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Препарат-{n}")
    therapeutic_area = factory.SubFactory(TherapeuticAreaFactory)


class CostCenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostCenter
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CC{n:03d}")
    name = factory.Sequence(lambda n: f"Центр затрат {n}")


class ApprovalRouteFactory(factory.django.DjangoModelFactory):
    """A route; pass target_model=SomeModel to set the kind of object it approves."""

    class Meta:
        model = ApprovalRoute
        django_get_or_create = ("code",)

    class Params:
        target_model = None

    code = factory.Sequence(lambda n: f"route-{n}")
    name = factory.Sequence(lambda n: f"Маршрут {n}")
    target_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.target_model) if o.target_model else None
    )


class ApprovalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovalStep

    route = factory.SubFactory(ApprovalRouteFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Шаг {n}")
    role = Role.APPROVER
    sla_days = 2


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Уведомление {n}")
    body = "Текст уведомления"
    email_status = Notification.EmailStatus.SKIPPED
