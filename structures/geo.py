"""Great-circle distance, in SQL and in Python, with a bounding box to prefilter on the
indexed coordinates before any trigonometry runs."""

import math

from django.db.models import F, FloatField, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180


def bounding_box(latitude: float, longitude: float, km: float) -> dict:
    """Lookups for the box that contains the circle of radius ``km``: cheap on the index."""
    dlat = km / KM_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    dlon = km / (KM_PER_DEGREE_LATITUDE * cos_lat)
    return {
        "latitude__gte": latitude - dlat,
        "latitude__lte": latitude + dlat,
        "longitude__gte": longitude - dlon,
        "longitude__lte": longitude + dlon,
    }


def distance_km_expression(
    latitude: float, longitude: float, lat_field="latitude", lon_field="longitude"
):
    """Spherical law of cosines, clamped to [-1, 1] against rounding, as a SQL expression."""
    lat0 = Value(math.radians(latitude), output_field=FloatField())
    lon0 = Value(math.radians(longitude), output_field=FloatField())
    lat = Radians(F(lat_field))
    lon = Radians(F(lon_field))
    cosine = Sin(lat0) * Sin(lat) + Cos(lat0) * Cos(lat) * Cos(lon - lon0)
    clamped = Greatest(Least(cosine, Value(1.0)), Value(-1.0))
    return ACos(clamped) * Value(EARTH_RADIUS_KM)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
