"""gunicorn settings `make run` uses: `gunicorn -c gunicorn.conf.py wsgi:app`.

The access log is part of the secret ballot. A review page lists a voter's choices, so its size
would tell a log reader how they voted; a query string may carry a code. So the log keeps the
address, time, method, path (without query) and status, and nothing else: no response size,
query string, referrer, user agent or response time.

Restarts: `kill -HUP <master>` (systemd's `reload`) starts new workers with new code and lets the
old ones finish their requests (graceful_timeout). If the master is killed outright, its workers
kept the listening socket open for up to 15 s and a new master could not bind the port; now the
kernel sends each worker SIGTERM the moment its master dies (post_fork), so they finish their
request and free the port at once, and a restart (systemd's Restart=always, docs/deployment.md)
binds. `reuse_port` would also let a new master bind, but gives every worker its own socket and
queue, so a request could wait behind a worker busy with a slow one: not used.
"""

import ctypes
import os
import signal
import sys

bind = os.environ.get("PB_BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("PB_WORKERS", "2"))
accesslog = os.environ.get("PB_ACCESS_LOG", "-") or None  # "" turns it off
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s'
timeout = 30  # a worker silent this long is killed and replaced (pb answers 503 within 5 s)
graceful_timeout = 20  # on restart or stop, requests in flight get this long to finish
keepalive = 5
reuse_port = False
max_requests = 5000  # recycle workers now and then (memory), at staggered moments
max_requests_jitter = 500
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat off the disk


def post_fork(server, worker):
    """Die with the master: PR_SET_PDEATHSIG (Linux) sends this worker SIGTERM when it goes."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != server.pid:  # the master died before the line above ran
            os.kill(os.getpid(), signal.SIGTERM)


def post_worker_init(worker):
    """Load (or, without a cache, compile) the tally's numba kernels before the worker takes
    its first request: the first count must not wait seconds for the compiler."""
    from pb.domain.tally.warmup import compile_kernels

    compile_kernels()
