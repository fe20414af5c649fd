"""Helpers for the browser tests on top of harness/browser.py: axe-core's serious and critical
violations, and where a municipality's point is on the map."""

from __future__ import annotations

import json

import pytest

from tests.helpers.paths import ROOT


def axe_violations(frame) -> list[dict]:
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test installs it with npm)")
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return json.dumps([(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations], indent=1)


# Where Leaflet draws a city, in the frame's pixels, once the map has stopped moving (it fits the
# shown members after drawing them): the same point five frames in a row, or the last after ~10 s.
CITY_POINT_JS = """(code) => new Promise(done => {
    const where = () => { let p = null; window.map_div.eachLayer(l => {
        if (!p && l.feature && l.feature.properties.municipality_code === code && l._path) {
            const ll = l.getLatLng ? l.getLatLng() : l.getCenter();
            p = window.map_div.latLngToContainerPoint(ll); } });
        return p && [p.x, p.y]; };
    let last = null, same = 0, frames = 0;
    const check = () => {
        const now = where();
        same = now && last && now[0] === last[0] && now[1] === last[1] ? same + 1 : 0;
        last = now;
        if (same >= 5 || ++frames > 600) done(now); else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
})"""


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
