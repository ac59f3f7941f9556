"""The pure cross-script matching engine: no Django import anywhere in this package (a test checks it).

    from hamkari.matching.engine import Record, score_pair, link
    scored = score_pair(Record("a", names=("Мухаммаджон Рахимов",), birth_date="1985"),
                        Record("b", names=("محمدجان رحیمی",), birth_date="1985-03-02"))
    scored.score, scored.explanation()

docs/matching.md explains normalization, keys, features, weights and the explanation.
"""

from hamkari.matching.engine.records import (
    BadRow,
    Feature,
    Pair,
    Record,
    Scored,
    parse_birth_date,
    parse_gender,
    parse_nationality,
    record_from_row,
)
from hamkari.matching.engine.score import (
    ALGORITHM,
    PRIOR,
    VERSION,
    WEIGHTS,
    Prepared,
    candidate_keys,
    prepare,
    score_pair,
    score_prepared,
)
from hamkari.matching.engine.link import link  # noqa: E402  (link builds on prepare and score_prepared)

__all__ = [
    "ALGORITHM", "VERSION", "PRIOR", "WEIGHTS", "BadRow", "Feature", "Pair", "Prepared", "Record", "Scored",
    "candidate_keys", "link", "parse_birth_date", "parse_gender", "parse_nationality", "prepare",
    "record_from_row", "score_pair", "score_prepared",
]
