"""Points KPI of a visit (issue 18 §5, the UNIDENT scale).

Points = base points of (institution status public/private, visit type) + points per doctor met
beyond the first + the bonus of the travel distance band, capped per visit by the row's cap.
A visit scores nothing below the minimum time on site, or when its geo status is not verified and
no manager accepted it."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PointsRow:
    base: int
    per_extra_doctor: int
    cap: int


@dataclass(frozen=True)
class DistanceBand:
    from_km: int  # the band applies from this distance (the highest band reached wins)
    bonus: int


def distance_bonus(distance_km: float | None, bands: Sequence[DistanceBand]) -> int:
    """The bonus of the farthest band reached; 0 without a distance or bands."""
    if distance_km is None:
        return 0
    reached = [b for b in bands if distance_km >= b.from_km]
    return max(reached, key=lambda b: b.from_km).bonus if reached else 0


def visit_points(
    *,
    row: PointsRow | None,
    doctors_met: int,
    travel_km: float | None,
    bands: Sequence[DistanceBand],
    minutes: int | None,
    min_minutes: int,
    counts: bool,
) -> int:
    """The points of one visit. `counts` is True for a verified visit or one a manager accepted;
    `row` None (no row for the status and type) scores nothing."""
    if row is None or not counts or minutes is None or minutes < min_minutes:
        return 0
    extra = max(doctors_met - 1, 0) * row.per_extra_doctor
    total = row.base + extra + distance_bonus(travel_km, bands)
    return max(min(total, row.cap), 0)
