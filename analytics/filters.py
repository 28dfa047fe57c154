"""The dashboard filters: one frozen dataclass used by selectors, views, exports and the API."""

import calendar
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.http import urlencode


@dataclass(frozen=True)
class Filters:
    """Period (a year, optionally a quarter or a month of it) and event dimensions.

    `month` wins over `quarter`. Empty dimensions mean "all"."""

    year: int
    quarter: int | None = None
    month: int | None = None
    product: int | None = None
    region: int | None = None
    therapeutic_area: int | None = None
    manager: int | None = None
    event_type: int | None = None
    expert: int | None = None

    def months(self) -> list[int]:
        """Calendar months (1-12) of the period."""
        if self.month:
            return [self.month]
        if self.quarter:
            return list(range(3 * self.quarter - 2, 3 * self.quarter + 1))
        return list(range(1, 13))

    def first_day(self) -> date:
        return date(self.year, self.months()[0], 1)

    def last_day(self) -> date:
        last = self.months()[-1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) of the period as aware datetimes in the company's time zone."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.first_day(), time.min, tzinfo=tz)
        end = datetime.combine(self.last_day() + timedelta(days=1), time.min, tzinfo=tz)
        return start, end

    def replace(self, **changes) -> "Filters":
        return replace(self, **changes)

    def as_params(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def querystring(self, **extra) -> str:
        return urlencode({**self.as_params(), **{k: v for k, v in extra.items() if v}})
