"""Where a visit happened: the distance to the institution and the geo status (issue 18 §4).

A visit is `verified` when the distance between the rep's fix and the institution, less the fix's
accuracy (counted up to 100 m, so a vague fix cannot buy its way in), is within the radius of the
institution's type; `out_of_range` when it is farther; `unverifiable` when there is nothing to
measure (no fix, permission denied, the institution has no coordinates) or the fix is too vague
(accuracy above the policy's limit). A visit is never verified without a measurement."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
ACCURACY_CREDIT_CAP_M = 100.0


class GeoStatus:
    VERIFIED = "verified"
    OUT_OF_RANGE = "out_of_range"
    UNVERIFIABLE = "unverifiable"


class Permission:
    GRANTED = "granted"
    DENIED = "denied"
    UNAVAILABLE = "unavailable"  # no Geolocation API, timeout, no signal


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class GeoCheck:
    status: str
    distance_m: float | None


def geo_status(
    *,
    fix: tuple[float, float] | None,
    accuracy_m: float | None,
    permission: str,
    site: tuple[float, float] | None,
    radius_m: float,
    max_accuracy_m: float,
) -> GeoCheck:
    """The geo status of a check-in at `fix` (lat, lon) against the institution at `site`.

    verified: distance - min(accuracy, 100 m) <= radius; out_of_range: farther;
    unverifiable: no fix, permission not granted, no site, unknown or poor accuracy."""
    if permission != Permission.GRANTED or fix is None or site is None:
        return GeoCheck(GeoStatus.UNVERIFIABLE, None)
    distance = haversine_m(fix[0], fix[1], site[0], site[1])
    if accuracy_m is None or accuracy_m < 0 or accuracy_m > max_accuracy_m:
        return GeoCheck(GeoStatus.UNVERIFIABLE, distance)
    credit = min(accuracy_m, ACCURACY_CREDIT_CAP_M)
    if distance - credit <= radius_m:
        return GeoCheck(GeoStatus.VERIFIED, distance)
    return GeoCheck(GeoStatus.OUT_OF_RANGE, distance)


def route_order(
    start: tuple[float, float] | None, stops: Sequence[tuple[object, tuple[float, float] | None]]
) -> list[object]:
    """Nearest-neighbour route: from `start`, always the closest remaining stop next.

    `stops` are (key, (lat, lon) or None); stops without coordinates keep their order at the end;
    without a start the route begins at the first stop with coordinates. Ties keep input order."""
    located = [(key, point) for key, point in stops if point is not None]
    unlocated = [key for key, point in stops if point is None]
    route: list[object] = []
    here = start
    while located:
        if here is None:
            index = 0
        else:
            index = min(
                range(len(located)),
                key=lambda i: (haversine_m(*here, *located[i][1]), i),
            )
        key, here = located.pop(index)
        route.append(key)
    return route + unlocated
