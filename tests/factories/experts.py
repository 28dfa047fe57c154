from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from experts.models import Consent, Expert, Institution, RateCard, ServiceType, Specialty, Tier
from tests.factories.core import RegionFactory, UserFactory


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("name",)

    name = factory.Iterator(["Кардиология", "Неврология", "Эндокринология", "Онкология"])


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Городская клиническая больница № {n + 1}")
    region = factory.SubFactory(RegionFactory)
    city = "Москва"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    last_name = factory.Faker("last_name_male", locale="ru_RU")
    first_name = factory.Faker("first_name_male", locale="ru_RU")
    middle_name = factory.Faker("middle_name_male", locale="ru_RU")
    institution = factory.SubFactory(InstitutionFactory)
    region = factory.SelfAttribute("institution.region")
    city = "Москва"
    email = factory.Sequence(lambda n: f"expert{n}@example.com")
    tier = Tier.NATIONAL
    crm_id = factory.Sequence(lambda n: f"CRM-{n:06d}")


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    expert = factory.SubFactory(ExpertFactory)
    text_version = "1.0"
    given_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class KolUserFactory(UserFactory):
    """A KOL user linked to a new expert with a valid consent."""

    @factory.post_generation
    def expert(self, create, extracted, **kwargs):
        if not create:
            return
        self.groups.add(Group.objects.get(name="kol"))
        expert = extracted or ExpertFactory(email=self.email, **kwargs)
        expert.user = self
        expert.save(update_fields=["user"])
        if not expert.consents.exists():
            ConsentFactory(expert=expert)


class RateCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RateCard

    tier = Tier.NATIONAL
    service_type = ServiceType.LECTURE
    fee_per_hour = Decimal("10000.00")
    valid_from = date(2020, 1, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "experts.ProfessionalActivity"

    expert = factory.SubFactory(ExpertFactory)
    kind = "publication"
    title = factory.Sequence(lambda n: f"Статья {n}")
    year = 2024


class BankDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "experts.ExpertBankDetails"

    expert = factory.SubFactory(ExpertFactory)
    recipient_name = factory.LazyAttribute(lambda o: o.expert.full_name)
    inn = "770123456789"
    snils = "11223344595"
    passport_series = "4510"
    passport_number = "123456"
    passport_issued_by = "ОВД района Тверской г. Москвы"
    bank_name = 'ПАО "Сбербанк"'
    bik = "044525225"
    account = "40817810099910004312"
    corr_account = "30101810400000000225"
