import numpy as np

from pipelines.coords import bd09_to_gcj02, gcj02_to_bd09, gcj02_to_wgs84, haversine_m, to_wgs84, wgs84_to_gcj02

LON = np.array([120.2052, 116.397128, 113.264385, 104.066143, 121.4737])
LAT = np.array([30.2461, 39.916527, 23.129112, 30.573095, 31.2304])


def test_gcj02_round_trip_under_one_metre():
    glon, glat = wgs84_to_gcj02(LON, LAT)
    offset = haversine_m(LON, LAT, glon, glat)
    assert ((offset > 100) & (offset < 800)).all()  # GCJ-02 shifts by a few hundred metres
    wlon, wlat = gcj02_to_wgs84(glon, glat)
    assert haversine_m(LON, LAT, wlon, wlat).max() < 0.01


def test_bd09_round_trip_under_one_metre():
    blon, blat = gcj02_to_bd09(*wgs84_to_gcj02(LON, LAT))
    wlon, wlat = to_wgs84("bd09", blon, blat)
    assert haversine_m(LON, LAT, wlon, wlat).max() < 1.0
    glon, glat = bd09_to_gcj02(blon, blat)
    assert haversine_m(*wgs84_to_gcj02(LON, LAT), glon, glat).max() < 1.0


def test_outside_china_is_unchanged():
    lon, lat = wgs84_to_gcj02(np.array([-76.6]), np.array([39.3]))
    assert lon[0] == -76.6 and lat[0] == 39.3
