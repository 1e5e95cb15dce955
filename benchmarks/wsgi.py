"""What gunicorn serves in a benchmark run: Koers's WSGI application with production
settings, routed through ``benchmarks/urls.py`` (Koers's URLs plus reference pages)."""

from django.conf import settings

from koers.wsgi import application  # noqa: F401 - sets up Django with the run's settings

BENCHMARK_URLCONF = "benchmarks.urls"
settings.ROOT_URLCONF = BENCHMARK_URLCONF
