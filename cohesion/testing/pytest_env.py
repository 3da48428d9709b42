"""Loaded by pytest before Django starts (``-p cohesion.testing.pytest_env``).

Tests run with a throwaway secret and a throwaway contact-encryption key, and
email goes to Django's in-memory outbox so a forgotten mock cannot send mail.
The test client speaks plain HTTP, so the redirect to HTTPS is off; every other
HTTPS setting keeps its production default (secure cookies, HSTS).
"""

import os

os.environ.setdefault("SECRET_KEY", "cohesion-tests-only-secret-key-0123456789abcdef")
os.environ.setdefault("CONTACT_ENCRYPTION_KEY", "Y29oZXNpb24tdGVzdHMtb25seS1rZXktMDEyMzQ1Njc=")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
