import csv
import io

import pytest

pytestmark = pytest.mark.django_db

MIDDLESBROUGH = "E06000002"


@pytest.fixture
def north_ormesby_code():
    from cohesion.places.models import Area

    return Area.objects.get(generation__code="WD25", name="North Ormesby").code


def test_the_council_page_lists_its_20_wards_and_offers_a_map(client):
    response = client.get(f"/areas/{MIDDLESBROUGH}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="govuk-table__row"') == 21  # header + 20 wards
    assert 'id="area-map"' in body
    assert "North Ormesby" in body


def test_the_council_json_has_code_name_level_generation_parent_and_children(client):
    data = client.get(f"/areas/{MIDDLESBROUGH}.json").json()
    assert data["code"] == MIDDLESBROUGH
    assert data["name"] == "Middlesbrough"
    assert data["level"] == "council"
    assert data["generation"]["code"] == "LAD24"
    assert data["parent"]["code"] == "E12000001"
    assert len(data["children"]) == 20
    assert all({"code", "name"} <= set(child) for child in data["children"])
    assert data["population"] == 143_925


def _wards_sharing_an_edge_with(name, shared_data):
    """Computed independently of Cohesion, with geopandas on the published file."""
    import geopandas

    wards = geopandas.read_file(
        shared_data / "boundaries/drkane_geo-lookups/ward_tees_valley_E47000006.geojson"
    ).to_crs(27700)  # British National Grid, so that lengths are in metres
    target = wards.loc[wards["WD25NM"] == name, "geometry"].iloc[0]
    shared = wards.geometry.intersection(target).length
    return set(wards.loc[(shared > 0) & (wards["WD25NM"] != name), "WD25NM"])


def test_the_ward_page_shows_codes_parents_neighbours_and_population(
    client, north_ormesby_code, shared_data
):
    response = client.get(f"/areas/{north_ormesby_code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert north_ormesby_code in body
    assert "Middlesbrough" in body
    data = client.get(f"/areas/{north_ormesby_code}.json").json()
    neighbour_names = {n["name"] for n in data["neighbours"]}
    assert neighbour_names == _wards_sharing_an_edge_with("North Ormesby", shared_data)
    assert "Central" in neighbour_names
    assert data["population"] > 1000
    assert data["parent"]["code"] == MIDDLESBROUGH


def test_the_ward_csv_has_one_row_for_the_ward_and_rows_for_its_relations(
    client, north_ormesby_code
):
    response = client.get(f"/areas/{north_ormesby_code}.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["relationship"] == "self"
    assert rows[0]["code"] == north_ormesby_code
    assert {"parent", "child", "neighbour"} <= {r["relationship"] for r in rows}


def test_the_geojson_twin_is_a_feature_with_the_boundary(client, north_ormesby_code):
    response = client.get(f"/areas/{north_ormesby_code}.geojson")
    assert response["Content-Type"] == "application/geo+json"
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_the_council_children_geojson_has_20_ward_polygons(client):
    data = client.get(f"/areas/{MIDDLESBROUGH}/children.geojson").json()
    assert len(data["features"]) == 20
    assert all(f["geometry"] for f in data["features"])


def test_an_older_generation_can_be_asked_for_by_name(client, north_ormesby_code):
    data = client.get(f"/areas/{north_ormesby_code}.json?generation=WD21").json()
    assert data["generation"]["code"] == "WD21"


def test_an_unknown_code_is_a_plain_404(client):
    response = client.get("/areas/E99999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_search_finds_a_ward_by_name_and_a_council_by_code(client):
    assert "North Ormesby" in client.get("/areas/?q=ormesby").content.decode()
    results = client.get(f"/areas/search.json?q={MIDDLESBROUGH}").json()["results"]
    assert results[0]["name"] == "Middlesbrough"


def test_the_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_pages_load_nothing_from_other_sites(client):
    body = client.get(f"/areas/{MIDDLESBROUGH}/").content.decode()
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body
    assert "default-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_the_api_serves_areas_and_an_openapi_document(client):
    wards = client.get(f"/api/v1/areas/?level=ward&parent={MIDDLESBROUGH}").json()
    assert wards["count"] == 20
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/areas/{code}/" in schema["paths"]


def test_search_lists_an_unchanged_ward_once_with_its_other_boundary_sets(client):
    results = client.get("/areas/search.json?q=North Ormesby").json()["results"]
    wards = [r for r in results if r["level"] == "ward"]
    assert len(wards) == 1
    assert wards[0]["generation"] == "WD25"
    assert set(wards[0]["generations"].split()) == {"WD25", "WD24", "WD22", "WD21"}
