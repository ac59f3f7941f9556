"""The map's geometry (insights.geo): only the region, valid GeoJSON, small; served once with an ETag."""

import gzip
import json

import pytest

from hamkari.insights import geo

MEMBERS = {"AF", "IR", "KZ", "KG", "PK", "TJ", "TM", "UZ"}


@pytest.fixture(scope="module")
def collection():
    body, _etag = geo.region_geojson()
    return json.loads(body)


def rings_of(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    assert geometry["type"] == "MultiPolygon"
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def test_the_region_and_its_neighbours_only(collection):
    codes = {f["properties"]["iso2"] for f in collection["features"]}
    assert MEMBERS <= codes
    assert {"CN", "IN", "RU", "AZ", "TR", "IQ", "AE", "OM"} <= codes
    assert not codes & {"US", "BR", "DE", "FR", "AU", "ZA", "JP"}
    assert {f["properties"]["iso2"] for f in collection["features"] if f["properties"]["member"]} == MEMBERS


def test_valid_geojson_inside_the_frame_with_rounded_coordinates(collection):
    west, south, east, north = geo.REGION_BBOX
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and feature["properties"]["name"]
        for ring in rings_of(feature["geometry"]):
            assert len(ring) >= 4 and ring[0] == ring[-1]
            for lon, lat in ring:
                assert west <= lon <= east and south <= lat <= north
                assert round(lon, 2) == lon and round(lat, 2) == lat


def test_small_enough_for_a_poor_link():
    body, _etag = geo.region_geojson()
    assert len(gzip.compress(body, 6)) < 60 * 1024


def test_clip_ring_and_round_ring():
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    clipped = geo.clip_ring(square, (5, -5, 20, 5))
    assert sorted(clipped) == sorted([(5, 0), (10, 0), (10, 5), (5, 5)])
    assert geo.clip_ring(square, (20, 20, 30, 30)) == []
    assert geo.round_ring([(1.001, 1.004), (1.0, 1.0), (2, 1), (2, 2)]) == [[1.0, 1.0], [2, 1], [2, 2], [1.0, 1.0]]
    assert geo.round_ring([(1, 1), (1.001, 1.001), (1, 1)]) == []


def test_points_and_edges():
    points = geo.centroids()
    lon, lat = points["AF"]
    assert 60 < lon < 72 and 29 < lat < 39
    assert points["RU"] == geo.ANCHORS["RU"]
    # An arc to Germany ends on the frame's western edge, on the way there.
    end = geo.toward_bbox(points["AF"], points["DE"])
    assert end[0] == geo.REGION_BBOX[0] and geo.REGION_BBOX[1] <= end[1] <= geo.REGION_BBOX[3]
    assert geo.toward_bbox(points["AF"], points["PK"]) == points["PK"]


@pytest.mark.django_db
def test_served_with_a_long_cache_and_an_etag(client):
    from django.urls import reverse

    response = client.get(reverse("insights:map-regions"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age" in response["Cache-Control"] and response["ETag"]
    again = client.get(reverse("insights:map-regions"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
