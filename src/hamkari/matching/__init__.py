"""Cross-border matching. `hamkari.matching.engine` is the pure engine (no Django); the rest of this package is the
platform side: the key table, hits, judgements and disclosure.

The pure API is importable from here without Django: `from hamkari.matching import score_pair, link`.
"""

_PURE_API = {"Feature", "Pair", "Record", "Scored", "candidate_keys", "link", "score_pair", "record_from_row", "prepare",
             "score_prepared"}


def __getattr__(name):
    # Lazy, so that loading the Django app does not load the engine's tables until matching is used.
    if name in _PURE_API:
        from hamkari.matching import engine

        return getattr(engine, name)
    raise AttributeError(name)
