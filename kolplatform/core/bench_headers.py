"""Per-request figures for `make bench` (settings.BENCH_HEADERS, off unless the bench turns it on):
the worker's CPU time and the number of SQL queries of the request, as response headers read by
bench/run.py. CPU time is measured in the worker, so the load of the machine does not inflate it."""

import time

from django.db import connections


class BenchHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counting(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        started = time.process_time()
        with connections["default"].execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Bench-CPU-ms"] = f"{(time.process_time() - started) * 1000:.1f}"
        response["X-Bench-Queries"] = str(count[0])
        return response
