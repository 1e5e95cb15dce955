"""The URLconf gunicorn serves in a benchmark run: Koers's own, unchanged, plus the
reference pages of ``benchmarks/reference_views.py`` under ``/bench/``."""

from django.urls import path

from benchmarks import reference_views
from koers.urls import urlpatterns as koers_urlpatterns

urlpatterns = [
    *koers_urlpatterns,
    path("bench/staff-bare/", reference_views.staff_bare),
    path("bench/staff-layout/", reference_views.staff_layout),
    path("bench/member-layout/", reference_views.member_layout),
    path("bench/member-bare/", reference_views.member_bare),
]
