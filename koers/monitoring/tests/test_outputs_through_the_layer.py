"""Every URL that hands out a file of counts goes through the disclosure-control layer;
unknown filters and formats are refused with the translated 404 page, never a 500 and
never a table for something else."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from koers.privacy import publishing

#: URLs that publish counts to people without case access: (name, kwargs, query).
PUBLISHED = [
    ("monitoring:export", {"fmt": "pdf"}, {}),
    ("monitoring:export", {"fmt": "xlsx"}, {}),
    ("outcomes:report_export", {"fmt": "csv"}, {}),
    ("outcomes:report_export", {"fmt": "xlsx"}, {}),
    ("outcomes:report_export", {"fmt": "csv"}, {"wave": "4"}),
]
#: URLs that hand out files that are not counts, and why they need not pass the layer.
NOT_COUNTS = {
    "outcomes:data_export": "pseudonymous answers for the site administrator (microdata)",
    "outcomes:data_export_xlsx": "the same pseudonymous answers as XLSX (microdata)",
    "safety:police_export": "moderated reports the reporter agreed to share, for the police",
    "trajectories:export_pdf": "one client's own file, for someone with access to the case",
    "trajectories:export_json": "one client's own file, for someone with access to the case",
}


def _names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", str(pattern.pattern)


def test_every_file_download_is_classified():
    files = {
        name
        for name, route in _names()
        if any(word in route for word in ("export", ".csv", ".pdf", ".xlsx"))
    }
    assert files == {name for name, _kwargs, _query in PUBLISHED} | set(NOT_COUNTS)


@pytest.mark.django_db
def test_every_published_file_went_through_the_layer(analyst):
    for name, kwargs, query in PUBLISHED:
        response = analyst.get(reverse(name, kwargs=kwargs), query)
        assert response.status_code == 200, name
        assert response[publishing.LAYER_HEADER] == publishing.LAYER_VERSION, name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs", "query"),
    [
        ("monitoring:export", {"fmt": "docx"}, {}),
        ("monitoring:export", {"fmt": "pdf"}, {"year": "1999"}),
        ("monitoring:export", {"fmt": "pdf"}, {"year": "last"}),
        ("monitoring:dashboard", {}, {"region": "atlantis"}),
        ("monitoring:national", {}, {"year": "2x"}),
        ("outcomes:report", {}, {"wave": "9"}),
        ("outcomes:report_export", {"fmt": "csv"}, {"wave": "all-but-one"}),
        ("outcomes:report_export", {"fmt": "json"}, {}),
    ],
)
def test_unknown_filters_and_formats_are_a_translated_404(analyst, name, kwargs, query):
    response = analyst.get(reverse(name, kwargs=kwargs), query, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert publishing.LAYER_HEADER not in response
    assert 'lang="' in response.content.decode()


def test_an_output_type_the_layer_does_not_know_is_refused_at_import_time():
    with pytest.raises(publishing.ImproperlyConfiguredOutput):
        publishing.output_formats("csv", "docx")
    assert publishing.output_formats("csv", "pdf") == {"csv", "pdf"}
