"""The link chart's pure algorithms (insights/graph.py): shortest path, communities, the inferred-link rule."""

import random

from hamkari.insights.graph import INFERRED, INVOLVEMENT, Graph, Node, communities, shared_links, shortest_path


def _neighbours(edges):
    adj = {}
    for a, b in edges:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    calls = []

    def neighbours(frontier):
        calls.append(list(frontier))
        return {n: adj.get(n, set()) for n in frontier}

    return neighbours, calls


CHAIN = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "x"), ("x", "e")]


def test_shortest_path_finds_the_shortest_and_respects_hops():
    neighbours, calls = _neighbours(CHAIN)
    assert shortest_path("a", "e", neighbours, max_hops=4).path == ["a", "x", "e"]
    assert shortest_path("a", "d", neighbours, max_hops=4).path == ["a", "b", "c", "d"]
    assert shortest_path("a", "d", neighbours, max_hops=2).path == []
    assert shortest_path("a", "a", neighbours, max_hops=1).path == ["a"]
    assert shortest_path("a", "nowhere", neighbours, max_hops=6).path == []
    assert all(calls), "each level is asked for in one call"


def test_shortest_path_is_deterministic_among_equal_paths():
    edges = [("s", "m2"), ("s", "m1"), ("m1", "t"), ("m2", "t")]
    for _ in range(5):
        random.shuffle(edges)
        neighbours, _calls = _neighbours(edges)
        assert shortest_path("s", "t", neighbours, max_hops=3).path == ["s", "m1", "t"]


def test_shortest_path_stops_at_its_node_budget():
    star = [("hub", f"leaf{i}") for i in range(100)] + [("far", "leaf99")]
    neighbours, _calls = _neighbours(star + [("start", "hub")])
    result = shortest_path("start", "nothing", neighbours, max_hops=6, max_nodes=50)
    assert result.path == [] and result.exhausted


def _two_cliques():
    left = [f"l{i}" for i in range(5)]
    right = [f"r{i}" for i in range(5)]
    edges = [(a, b) for group in (left, right) for i, a in enumerate(group) for b in group[i + 1:]]
    return left, right, edges + [("l0", "r0")]


def test_communities_split_two_cliques_joined_by_a_bridge():
    left, right, edges = _two_cliques()
    found = communities(left + right + ["alone"], edges)
    assert len({found[n] for n in left}) == 1 and len({found[n] for n in right}) == 1
    assert found["l0"] != found["r0"]
    assert found["alone"] not in {found["l0"], found["r0"]}
    assert found["l0"] == 0, "communities are numbered by size, then by their smallest node"


def test_communities_are_deterministic_whatever_the_input_order():
    left, right, edges = _two_cliques()
    nodes = left + right
    expected = communities(nodes, edges)
    for seed in range(10):
        rng = random.Random(seed)
        shuffled_nodes, shuffled_edges = nodes[:], [(b, a) if rng.random() < .5 else (a, b) for a, b in edges]
        rng.shuffle(shuffled_nodes)
        rng.shuffle(shuffled_edges)
        assert communities(shuffled_nodes, shuffled_edges) == expected


def test_communities_of_an_empty_or_edgeless_graph():
    assert communities([], []) == {}
    assert communities(["b", "a"], []) == {"a": 0, "b": 1}


def test_shared_links_pairs_persons_of_one_identifier():
    memberships = {("phone", "phone:+93701"): {"person:1", "person:2", "person:3"},
                   ("address", "address:9"): {"person:1", "person:2"},
                   ("vehicle", "plate:AF:1"): {"person:4"}}
    links = shared_links(memberships)
    pairs = {(link.a, link.b, link.via_kind) for link in links}
    assert pairs == {("person:1", "person:2", "phone"), ("person:1", "person:3", "phone"),
                     ("person:2", "person:3", "phone"), ("person:1", "person:2", "address")}
    among = shared_links(memberships, among={"person:1", "person:3"})
    assert {(link.a, link.b) for link in among} == {("person:1", "person:3")}


def test_shared_links_cap_keeps_only_the_focus_pairs_of_a_crowded_identifier():
    crowd = {f"person:{i}" for i in range(100)}
    links = shared_links({("phone", "phone:+1"): crowd}, focus={"person:7"}, cap=50)
    assert len(links) == 99 and all("person:7" in (link.a, link.b) for link in links)
    assert shared_links({("phone", "phone:+1"): crowd}, cap=50) == []


def test_graph_merges_roles_and_prunes_edges_of_missing_nodes():
    g = Graph()
    g.add_node(Node("person:1", "person", "A"))
    g.add_node(Node("incident:1", "incident", "I"))
    g.add_edge("incident:1", "person:1", INVOLVEMENT, "Courier")
    g.add_edge("person:1", "incident:1", INVOLVEMENT, "Owner")
    g.add_edge("person:1", "person:2", INFERRED, "shares phone")
    assert len(g.edges) == 2
    assert next(e for e in g.edges.values() if e.kind == INVOLVEMENT).label == "Courier, Owner"
    g.prune()
    assert len(g.edges) == 1
