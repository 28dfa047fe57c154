"""A paginator whose count stops at a cap.

An exact COUNT(*) over 165,000 experts or 500,000 payouts costs more than the page itself, and
nobody pages through ten thousand rows: past the cap the list says "more than 10,000" and pages up
to the cap; the filters narrow it down to an exact count."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _capped_count(self) -> int:
        # COUNT(*) over "SELECT id … LIMIT cap + 1": the database stops after cap + 1 rows.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self._capped_count > self.cap

    @cached_property
    def count(self) -> int:
        """Exact up to the cap, the cap beyond it (see `is_capped`)."""
        return min(self._capped_count, self.cap)
