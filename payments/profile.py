"""The payouts section of the expert profile (experts.profile, hooks.PROFILE_SECTION)."""

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.profile import ProfileRow, ProfileSection
from payments.models import Payout
from payments.selectors import expert_paid_in_year

SHOWN = 10


def payouts_section(*, expert, user) -> ProfileSection:
    """The expert's latest payouts and what was paid to them this calendar year (Moscow time;
    payments.selectors.paid_in_year_q): two queries."""
    year = timezone.localdate().year
    paid = expert_paid_in_year(expert_id=expert.pk, year=year)
    payouts = Payout.objects.filter(expert=expert).select_related("expert").order_by("-pk")
    return ProfileSection(
        key="payouts",
        label=_("Payouts"),
        rows=[ProfileRow(str(p), p.get_status_display()) for p in payouts[:SHOWN]],
        summary=_("%(y)s to date: %(total)s RUB") % {"y": year, "total": floatformat(paid, "2g")},
    )
