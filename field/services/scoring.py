"""The points of a visit from the points table (field.points) and the policy."""

from field.geo import haversine_m
from field.models import DistanceBand, FieldPolicy, FieldRep, PointsRule, Visit
from field.points import DistanceBand as Band
from field.points import PointsRow, visit_points


def travel_km(visit: Visit) -> float | None:
    """Distance from the rep's base to the institution, in km (None when either is unknown)."""
    rep = FieldRep.objects.filter(user_id=visit.rep_id).first()
    inst = visit.institution
    if rep is None or None in (
        rep.base_latitude,
        rep.base_longitude,
        inst.latitude,
        inst.longitude,
    ):
        return None
    meters = haversine_m(
        float(rep.base_latitude),
        float(rep.base_longitude),
        float(inst.latitude),
        float(inst.longitude),
    )
    return meters / 1000


def score(visit: Visit, policy: FieldPolicy) -> int:
    rule = PointsRule.objects.filter(
        institution_kind=visit.institution.kind, visit_type=visit.visit_type
    ).first()
    row = PointsRow(rule.base, rule.per_extra_doctor, rule.cap) if rule else None
    bands = [Band(b.from_km, b.bonus) for b in DistanceBand.objects.all()]
    return visit_points(
        row=row,
        doctors_met=visit.doctors.count(),
        travel_km=travel_km(visit),
        bands=bands,
        minutes=visit.minutes_on_site,
        min_minutes=policy.min_minutes_on_site,
        counts=visit.counts,
    )
