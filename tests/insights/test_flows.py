"""Route flows (insights.flows, pure): stage columns, no cycles, cases and kg per link, the map's arcs."""

from hamkari.insights.flows import MAX_TRANSITS, RouteRow, arcs, build_flows, is_acyclic, parse_path, stages_of


def row(p, d, transits, dest, cases=1, kg=0.0):
    return RouteRow(p, d, tuple(transits), dest, cases, kg)


def test_a_route_becomes_links_from_stage_to_stage():
    flows = build_flows([row("AF", "AF", ["IR"], "TR", cases=3, kg=30.0)])
    assert [(link.source, link.target, link.cases, link.kg) for link in flows.links] == [
        ("producing:AF", "departure:AF", 3, 30.0), ("departure:AF", "transit1:IR", 3, 30.0),
        ("transit1:IR", "destination:TR", 3, 30.0)]
    assert flows.cases == 3 and flows.kg == 30.0
    # Afghanistan is in two stages: its nodes are named with their stage; Iran and Turkey are not.
    assert flows.nodes["producing:AF"]["qualified"] and flows.nodes["departure:AF"]["qualified"]
    assert not flows.nodes["transit1:IR"]["qualified"] and not flows.nodes["destination:TR"]["qualified"]


def test_links_add_up_over_routes_and_unknown_stages_are_skipped():
    flows = build_flows([
        row("AF", "AF", [], "IR", cases=2, kg=10.0),
        row("AF", "AF", [], "IR", cases=1, kg=5.0),
        row(None, "AF", [], "IR", cases=4, kg=1.0),
        row("AF", None, ["PK"], None, cases=1, kg=2.0),
        row(None, None, [], "IR", cases=9, kg=9.0),  # one known stage: no link, not counted
    ])
    links = {(link.source, link.target): (link.cases, link.kg) for link in flows.links}
    assert links == {("producing:AF", "departure:AF"): (3, 15.0), ("departure:AF", "destination:IR"): (7, 16.0),
                     ("producing:AF", "transit1:PK"): (1, 2.0)}
    assert flows.cases == 8
    assert flows.links[0].source == "departure:AF"  # heaviest (kg) first


def test_routes_that_would_make_cycles_stay_acyclic():
    # Iran -> Turkey on one route, Turkey -> Iran on another, Iran twice on a third.
    flows = build_flows([row(None, "IR", ["TR"], "AZ"), row(None, "TR", ["IR"], "IR"),
                         row("AF", "IR", ["IR", "TR", "IR"], "IR")])
    assert is_acyclic(flows)
    for link in flows.links:
        assert flows.nodes[link.source]["column"] < flows.nodes[link.target]["column"]


def test_is_acyclic_detects_a_cycle():
    from hamkari.insights.flows import Flows, Link

    assert not is_acyclic(Flows(links=[Link("a", "b"), Link("b", "c"), Link("c", "a")]))
    assert is_acyclic(Flows(links=[Link("a", "b"), Link("a", "c"), Link("b", "c")]))


def test_long_routes_keep_their_first_transits_and_their_last():
    stages = stages_of(row("AF", "AF", ["IR", "TM", "UZ", "KZ", "RU", "BY"], "PL"))
    transits = [country for stage, _col, country in stages if stage.startswith("transit")]
    assert transits == ["IR", "TM", "UZ", "BY"] and len(transits) == MAX_TRANSITS


def test_limit_keeps_the_heaviest_links_and_their_nodes():
    flows = build_flows([row(None, "AF", [], "IR", kg=100.0), row(None, "PK", [], "CN", kg=1.0)], limit=1)
    assert [(link.source, link.target) for link in flows.links] == [("departure:AF", "destination:IR")]
    assert set(flows.nodes) == {"departure:AF", "destination:IR"}


def test_arcs_go_from_departure_or_producing_to_destination():
    result = arcs([row("AF", "PK", ["IR"], "TR", cases=2, kg=4.0), row("AF", None, [], "TR", cases=1, kg=1.0),
                   row(None, "PK", [], "TR", cases=1), row("AF", "AF", [], "AF", cases=5), row("AF", "AF", [], None)])
    assert result == [{"from": "PK", "to": "TR", "cases": 3, "kg": 4.0},
                      {"from": "AF", "to": "TR", "cases": 1, "kg": 1.0}]


def test_parse_path():
    assert parse_path("IR>TR") == ("IR", "TR")
    assert parse_path(None) == () and parse_path("") == ()
