"""gunicorn settings `make run` uses: `gunicorn -c gunicorn.conf.py wsgi:app`.

The access log is part of the secret ballot. A review page lists a voter's choices, so its size
would tell a log reader how they voted; a query string may carry a code. So the log keeps the
address, time, method, path (without query) and status, and nothing else: no response size,
query string, referrer, user agent or response time.

Restarts: `kill -HUP <master>` (systemd's `reload`) starts new workers with new code and lets the
old ones finish their requests (graceful_timeout). `reuse_port` lets a new master bind the port
while workers of a killed one still hold it for a moment (they notice and exit within a second),
so a crashed service comes back at once under systemd (docs/deployment.md).
"""

import os

bind = os.environ.get("PB_BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("PB_WORKERS", "2"))
accesslog = os.environ.get("PB_ACCESS_LOG", "-") or None  # "" turns it off
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s'
timeout = 30  # a worker silent this long is killed and replaced (pb answers 503 within 5 s)
graceful_timeout = 20  # on restart or stop, requests in flight get this long to finish
keepalive = 5
reuse_port = True
max_requests = 5000  # recycle workers now and then (memory), at staggered moments
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat off the disk
