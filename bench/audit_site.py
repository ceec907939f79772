"""Settings of the audit write benchmark (bench/audit_writes.py) only: the platform's settings
with the benchmark's URLs (bench/audit_urls.py). Never part of a deployment."""

from zhengxie.settings import *  # noqa: F403

ROOT_URLCONF = "bench.audit_urls"
