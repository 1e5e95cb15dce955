"""Light on slow connections: static files are served compressed (Brotli, gzip) with
far-future caching, and a first visit to the home page or a search result page stays
within its budget (30 KB and 40 KB transferred), measured with the production storage."""

import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.utils.functional import empty
from whitenoise.middleware import WhiteNoiseMiddleware

from koers.directory.tests.factories import make_service
from koers.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def production_static(tmp_path):
    with override_settings(STATIC_ROOT=str(tmp_path), STORAGES=PRODUCTION_STATIC):
        from django.contrib.staticfiles.storage import staticfiles_storage

        staticfiles_storage._setup()  # the lazy storage follows the overridden settings
        call_command("collectstatic", interactive=False, verbosity=0)
        whitenoise = WhiteNoiseMiddleware(lambda request: None)
        yield tmp_path, whitenoise
    staticfiles_storage._wrapped = empty  # back to the test settings' storage


def transferred(whitenoise, url: str, encoding: str = "br, gzip") -> tuple[int, object]:
    request = RequestFactory().get(url, HTTP_ACCEPT_ENCODING=encoding)
    response = whitenoise(request)
    assert response is not None and response.status_code == 200, url
    body = b"".join(response.streaming_content)
    return len(body), response


def page_weight(client, whitenoise, path: str) -> int:
    html = client.get(path, HTTP_ACCEPT_LANGUAGE="nl").content
    total = len(html)  # HTML itself counted uncompressed
    assets = set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html))
    assert assets and all(re.search(rb"\.[0-9a-f]{12}\.", url) for url in assets), assets
    for url in assets:
        size, _response = transferred(whitenoise, url.decode())
        total += size
    print(f"{path}: {total} bytes transferred")  # noqa: T201 - the figure for the report
    return total


def test_static_files_are_compressed_and_cached_for_ever(production_static):
    root, whitenoise = production_static
    css = next(root.glob("koers/koers.*.css"))
    assert css.with_name(css.name + ".br").exists() and css.with_name(css.name + ".gz").exists()
    size, response = transferred(whitenoise, f"/static/koers/{css.name}", "br")
    assert response["Content-Encoding"] == "br"
    assert size < css.stat().st_size / 3
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    _size, gzipped = transferred(whitenoise, f"/static/koers/{css.name}", "gzip")
    assert gzipped["Content-Encoding"] == "gzip"


def test_home_and_a_search_result_stay_within_their_budget(client, production_static):
    _root, whitenoise = production_static
    organisation = Organisation.objects.create(name="Steunpunt", kind=OrganisationKind.SPECIALISED)
    for number in range(12):  # more than one page of results
        make_service(
            organisation,
            name=f"Hulp bij je cv {number}",
            description="Een jobcoach schrijft samen met jou je cv en sollicitatiebrief, "
            "en oefent wat je zegt over het gat in je cv." * 2,
        )
    assert page_weight(client, whitenoise, "/") <= 30 * 1024
    search = "/support/?q=cv&town=Tilburg"
    assert "12 diensten gevonden" in client.get(search).content.decode()
    assert page_weight(client, whitenoise, search) <= 40 * 1024
