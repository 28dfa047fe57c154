"""The bench's p95 is the nearest-rank percentile."""

from hypothesis import given
from hypothesis import strategies as st

from bench.run import percentile


def test_p95_of_twenty_requests_is_the_nineteenth():
    times = [float(n) for n in range(1, 21)]
    assert percentile(times, 95) == 19.0
    assert percentile(times, 50) == 10.0
    assert percentile([7.0], 95) == 7.0


@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=200), st.floats(1, 100))
def test_at_least_p_percent_of_the_values_are_at_or_below_it(values, p):
    found = percentile(values, p)
    assert found in values
    assert sum(v <= found for v in values) >= p / 100 * len(values) - 1e-9
    assert sum(v < found for v in values) < p / 100 * len(values)
