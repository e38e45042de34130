"""Resource locations are computed on first use and answer like a plain dict."""

from __future__ import annotations

from helpctl.config.locations import LazyLocations
from helpctl.config.yamlpos import locations_of, parse_yaml
from helpctl.errors import Position
from helpctl.resources.state import Resource


def test_lazy_locations_equal_the_eager_table() -> None:
    doc = parse_yaml("title: T\nactions:\n  - {field: status, value: open}\n", "m.yaml")
    lazy = LazyLocations(doc)
    assert dict(lazy.items()) == locations_of(doc)
    assert len(lazy) == 5
    assert "actions[0].value" in lazy


def test_resource_where_falls_back_to_the_nearest_written_key() -> None:
    doc = parse_yaml("title: T\nactions:\n  - {field: status, value: open}\n", "m.yaml")
    start = Position("m.yaml", 1, 1)
    res = Resource("macros", "T", {}, position=start, locations=LazyLocations(doc))
    assert res.where("actions[0].value") == Position("m.yaml", 3, 21)
    assert res.where("actions[0].value[2]") == Position("m.yaml", 3, 21)
    assert res.where("nothing.here") == start
