"""The link chart as GraphML (http://graphml.graphdrawing.org/), for Gephi, yEd, Cytoscape desktop and i2-style
tools. Built with xml.etree, so every name is escaped; characters XML 1.0 cannot hold are dropped.

Only what the chart shows is written: labels, kinds, holders, bands, references. A hit placeholder stays a
placeholder (who holds the record, its band and reference), as on the screen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from hamkari.insights.graph import INFERRED, Graph

NS = "http://graphml.graphdrawing.org/xmlns"
# (id, for, attr.name, attr.type): the node and edge attributes, in the order they are declared.
NODE_KEYS = [("kind", "string"), ("label", "string"), ("kind_label", "string"), ("placeholder", "boolean"),
             ("handling", "string"), ("agency", "string"), ("country", "string"), ("date", "string"),
             ("band", "string"), ("reference", "string"), ("community", "int"), ("url", "string")]
EDGE_KEYS = [("kind", "string"), ("label", "string"), ("inferred", "boolean"), ("role", "string"),
             ("band", "string"), ("via_kind", "string")]

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def to_graphml(graph: Graph, *, communities: dict[str, int] | None = None) -> str:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}graphml")
    for scope, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            ET.SubElement(root, f"{{{NS}}}key", {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name,
                                                  "attr.type": kind})
    g = ET.SubElement(root, f"{{{NS}}}graph", {"id": "link-chart", "edgedefault": "undirected"})
    for node in graph.sorted_nodes():
        values = {"kind": node.kind, "label": node.label, "placeholder": node.placeholder, **node.data}
        if communities and node.id in communities:
            values["community"] = communities[node.id]
        element = ET.SubElement(g, f"{{{NS}}}node", {"id": _text(node.id)})
        for name, _kind in NODE_KEYS:
            if values.get(name) not in (None, ""):
                ET.SubElement(element, f"{{{NS}}}data", {"key": f"n_{name}"}).text = _text(values[name])
    for edge in graph.sorted_edges():
        values = {"kind": edge.kind, "label": edge.label, "inferred": edge.kind == INFERRED, **edge.data}
        element = ET.SubElement(g, f"{{{NS}}}edge", {"id": _text(edge.id), "source": _text(edge.source),
                                                      "target": _text(edge.target)})
        for name, _kind in EDGE_KEYS:
            if values.get(name) not in (None, ""):
                ET.SubElement(element, f"{{{NS}}}data", {"key": f"e_{name}"}).text = _text(values[name])
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
