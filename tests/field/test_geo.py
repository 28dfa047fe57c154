"""field.geo: haversine distance, the radius rule at the boundary, accuracy handling, route."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from field.geo import GeoStatus, Permission, geo_status, haversine_m, route_order

lat = st.floats(min_value=-89.0, max_value=89.0, allow_nan=False)
lon = st.floats(min_value=-179.0, max_value=179.0, allow_nan=False)
MOSCOW = (55.751244, 37.618423)


def test_haversine_known_distances():
    # One degree of latitude is about 111.2 km on the mean sphere.
    assert haversine_m(0, 0, 1, 0) == pytest.approx(111_195, rel=1e-4)
    # Moscow - Saint Petersburg, about 634 km.
    assert haversine_m(*MOSCOW, 59.9386, 30.3141) == pytest.approx(634_000, rel=0.01)
    # Antipodes: half the circumference.
    assert haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * 6_371_008.8, rel=1e-9)


@given(lat, lon, lat, lon)
def test_haversine_symmetric_and_non_negative(a, b, c, d):
    there = haversine_m(a, b, c, d)
    assert there >= 0
    assert there == pytest.approx(haversine_m(c, d, a, b), abs=1e-6)
    assert haversine_m(a, b, a, b) == pytest.approx(0, abs=1e-6)


@given(lat, lon, lat, lon, lat, lon)
def test_haversine_triangle_inequality(a, b, c, d, e, f):
    assert haversine_m(a, b, e, f) <= haversine_m(a, b, c, d) + haversine_m(c, d, e, f) + 1e-3


def _check(fix, accuracy, radius=300, permission=Permission.GRANTED, site=MOSCOW):
    return geo_status(
        fix=fix,
        accuracy_m=accuracy,
        permission=permission,
        site=site,
        radius_m=radius,
        max_accuracy_m=500,
    )


def _north_of(point, meters):
    return (point[0] + meters / 111_195.0, point[1])


@given(
    st.floats(min_value=0, max_value=5_000),
    st.floats(min_value=0, max_value=500),
    st.integers(min_value=10, max_value=2_000),
)
def test_radius_rule(distance, accuracy, radius):
    fix = _north_of(MOSCOW, distance)
    result = _check(fix, accuracy, radius)
    measured = result.distance_m
    assume(abs(measured - min(accuracy, 100) - radius) > 1e-6)  # off the exact boundary
    expected = (
        GeoStatus.VERIFIED if measured - min(accuracy, 100) <= radius else GeoStatus.OUT_OF_RANGE
    )
    assert result.status == expected


def test_boundary_inside_and_just_outside():
    radius = 300
    at = _check(_north_of(MOSCOW, 300), 0, radius)
    assert at.distance_m == pytest.approx(300, abs=0.5)
    inside = _check(_north_of(MOSCOW, 299.5), 0, radius)
    outside = _check(_north_of(MOSCOW, 301), 0, radius)
    assert inside.status == GeoStatus.VERIFIED
    assert outside.status == GeoStatus.OUT_OF_RANGE


def test_accuracy_credit_is_capped_at_100_m():
    # 390 m away with 150 m accuracy: only 100 m is credited, 290 <= 300: verified.
    assert _check(_north_of(MOSCOW, 390), 150).status == GeoStatus.VERIFIED
    # 450 m away with 400 m accuracy: 350 > 300, a vague fix does not buy its way in.
    assert _check(_north_of(MOSCOW, 450), 400).status == GeoStatus.OUT_OF_RANGE


@pytest.mark.parametrize(
    "kwargs",
    [
        {"permission": Permission.DENIED},
        {"permission": Permission.UNAVAILABLE},
        {"fix": None},
        {"site": None},
        {"accuracy": None},
        {"accuracy": 501},
        {"accuracy": -1},
    ],
)
def test_unverifiable_never_silently_verified(kwargs):
    args = {"fix": MOSCOW, "accuracy": 5, **kwargs}
    assert _check(**args).status == GeoStatus.UNVERIFIABLE


def test_route_nearest_neighbour():
    start = (55.0, 37.0)
    stops = [
        ("far", (56.0, 37.0)),
        ("near", (55.01, 37.0)),
        ("unknown", None),
        ("middle", (55.5, 37.0)),
    ]
    assert route_order(start, stops) == ["near", "middle", "far", "unknown"]
    assert route_order(None, stops) == ["far", "middle", "near", "unknown"]
    assert route_order(start, []) == []


@given(st.lists(st.tuples(lat, lon), max_size=8), st.tuples(lat, lon))
def test_route_visits_every_stop_once(points, start):
    stops = list(enumerate(points))
    assert sorted(route_order(start, stops)) == list(range(len(points)))
