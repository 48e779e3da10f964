"""gunicorn settings `make run` uses: `gunicorn -c gunicorn.conf.py wsgi:app`.

The access log is part of the secret ballot. A review page lists a voter's choices, so its size
would tell a log reader how they voted; a query string may carry a code. So the log keeps the
address, time, method, path (without query) and status, and nothing else: no response size,
query string, referrer, user agent or response time.
"""

import os

bind = os.environ.get("PB_BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("PB_WORKERS", "2"))
accesslog = os.environ.get("PB_ACCESS_LOG", "-") or None  # "" turns it off
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s'
timeout = 30
graceful_timeout = 20


def post_worker_init(worker):
    """Load (or, without a cache, compile) the tally's numba kernels before the worker takes
    its first request: the first count must not wait seconds for the compiler."""
    from pb.domain.tally.warmup import compile_kernels

    compile_kernels()
