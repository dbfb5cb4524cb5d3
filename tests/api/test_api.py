"""The public Python API, parametrised over every table."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pydantic
import pytest

import jihadistds
from jihadistds import Package, PackageError, UnknownTableError
from jihadistds._generated.models import MODELS
from jihadistds.read.descriptor import Field
from jihadistds.read.fields import PANDAS_DTYPES, PERIOD_FIELDS, true_values

from conftest import ROOT, TABLES, VERSION, data_rows


def _csv_rows(table: str) -> list[dict[str, str]]:
    with open(ROOT / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def parse_cell(f: Field, text: str) -> object:
    """A cell's value by the schema's rules, written out here as the tests' oracle."""
    if f.type == "integer":
        return int(text)
    if f.type == "number":
        return float(text)
    if f.type == "boolean":
        return text in true_values(f)
    if f.type == "date":
        return dt.date.fromisoformat(text)
    return tuple(text.split(f.delimiter)) if f.type == "list" else text


def test_resources_are_the_descriptor_tables() -> None:
    assert jihadistds.resources() == TABLES
    assert list(jihadistds.TABLE_NAMES) == TABLES


def test_version_is_the_data_version() -> None:
    assert jihadistds.__version__ == Package().version == VERSION


@pytest.mark.parametrize("table", TABLES)
def test_load_types_every_column_by_its_schema(table: str) -> None:
    frame = jihadistds.load(table)
    res = Package().resource(table)
    assert list(frame.columns) == res.field_names
    assert len(frame) == len(_csv_rows(table))
    for f in res.fields:
        dtype = frame[f.name].dtype
        enum = f.constraints.get("enum")
        if f.name in PERIOD_FIELDS:
            assert str(dtype) == "datetime64[s]", f.name
        elif enum:
            assert isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == enum
        else:
            assert str(dtype) == PANDAS_DTYPES[f.type], (f.name, dtype)


@pytest.mark.parametrize("table", TABLES)
def test_load_keeps_every_value(table: str) -> None:
    """Every DataFrame cell equals the CSV cell read by the schema's rules; blanks are NA."""
    frame = jihadistds.load(table)
    res = Package().resource(table)
    for i, row in enumerate(_csv_rows(table)):
        for f in res.fields:
            got, text = frame.at[i, f.name], row[f.name]
            if text == "":
                assert got is None or pd.isna(got), (table, i, f.name)
            elif f.name in PERIOD_FIELDS:
                assert got.isoformat()[: len(text)] == text or f.name == "period_end"
            elif f.type == "date":
                assert got.date() == parse_cell(f, text)
            else:
                assert got == parse_cell(f, text), (table, i, f.name)


def test_period_bounds_become_the_first_and_last_day() -> None:
    counts = jihadistds.load("counts").set_index("count_id")
    displaced = counts.loc["count-0004"]
    assert displaced["period_precision"] == "month"
    assert displaced["period_start"] == pd.Timestamp("2019-02-01")
    assert displaced["period_end"] == pd.Timestamp("2019-03-31")
    events = jihadistds.load("events").set_index("event_id")
    assert events.loc["saint-petersburg-metro-bombing-2017", "period_end"] == pd.Timestamp(
        "2017-04-30"
    )


@pytest.mark.parametrize("table", TABLES)
def test_records_are_typed_frozen_and_complete(table: str) -> None:
    rows = jihadistds.records(table)  # type: ignore[call-overload]
    assert len(rows) == len(_csv_rows(table))
    assert all(type(r) is MODELS[table] for r in rows)
    if not rows:  # a table with no rows yet (actor_identifiers) still has its model
        assert MODELS[table].model_fields
        return
    with pytest.raises(pydantic.ValidationError):
        setattr(rows[0], Package().resource(table).field_names[0], "changed")


@pytest.mark.parametrize("table", TABLES)
def test_csv_to_records_to_csv_is_byte_for_byte(table: str) -> None:
    text = (ROOT / "data" / f"{table}.csv").read_text(encoding="utf-8")
    assert jihadistds.to_csv(table, jihadistds.records(table)) == text  # type: ignore[call-overload]


def test_records_match_the_dataframe() -> None:
    frame = jihadistds.load("group_sizes")
    for i, record in enumerate(jihadistds.records("group_sizes")):
        assert record.value == (None if pd.isna(frame.at[i, "value"]) else frame.at[i, "value"])
        assert record.qualifier == (
            None if pd.isna(frame.at[i, "qualifier"]) else frame.at[i, "qualifier"]
        )


def test_lists_are_tuples() -> None:
    syria = next(a for a in jihadistds.records("actors") if a.actor_id == "syria")
    assert syria.aliases == ("Syrian regime", "Damascus")
    assert jihadistds.load("actors").set_index("actor_id").at["syria", "aliases"] == syria.aliases


def test_load_all_returns_every_table() -> None:
    frames = jihadistds.load_all()
    assert list(frames) == TABLES
    for name, frame in frames.items():
        assert len(frame) == len(_csv_rows(name))
        assert list(frame.columns) == Package().resource(name).field_names


def test_a_table_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import jihadistds.loaders.frames as frames
    import jihadistds.loaders.records as records

    calls = []
    real = frames.read_columns
    monkeypatch.setattr(frames, "read_columns", lambda res: calls.append(1) or real(res))
    pkg = Package(ROOT)
    pkg.load("counts")
    pkg.load("counts")
    assert len(calls) == 1
    parsed = []
    real_read = records.read_frame
    monkeypatch.setattr(
        records, "read_frame", lambda *a, **k: parsed.append(1) or real_read(*a, **k)
    )
    pkg.records("counts")
    pkg.records("counts")
    assert len(parsed) == 1


def test_callers_cannot_corrupt_the_cache() -> None:
    pkg = Package(ROOT)
    frame = pkg.load("counts")
    frame.loc[0, "value"] = -1
    del frame["quote"]
    assert pkg.load("counts").loc[0, "value"] == 3000000
    assert "quote" in pkg.load("counts").columns
    rows = pkg.records("counts")
    rows.clear()
    assert len(pkg.records("counts")) == data_rows("counts")


@pytest.mark.parametrize(
    ("name", "meant"),
    [("nope", "the"), ("group_size", "did you mean 'group_sizes'? The"), (3, "the"), (None, "the")],
)
def test_unknown_table(name: object, meant: str) -> None:
    for call in (jihadistds.load, jihadistds.records):
        with pytest.raises(UnknownTableError) as info:
            call(name)  # type: ignore[arg-type]
        assert str(info.value) == (
            f"unknown table {name!r}; {meant} tables are: {', '.join(TABLES)}"
        )
        assert isinstance(info.value, KeyError) and isinstance(
            info.value, jihadistds.JihadistdsError
        )


def test_import_is_light() -> None:
    code = (
        "import sys, jihadistds; jihadistds.resources(); "
        "print(sorted(m for m in ('pandas', 'frictionless', 'pydantic', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_validate_returns_a_report() -> None:
    report = jihadistds.validate()
    assert report.valid and report.tables == {t: len(_csv_rows(t)) for t in TABLES}


# A fork: another copy of the package, with rows and tables of its own.


def _append(path: Path, line: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(line + "\n")


def test_a_fork_loads_its_own_rows(package_copy: Path) -> None:
    _append(package_copy / "data" / "places.csv", "zz-leading-zero,007,city,,")
    fork = Package(package_copy)
    places = fork.load("places").set_index("place_id")
    assert (
        places.at["zz-leading-zero", "name"] == "007"
    )  # a string that looks like a number stays a string
    assert fork.records("places")[-1].name == "007"
    assert len(jihadistds.load("places")) == len(fork.load("places")) - 1


def test_a_fork_with_a_table_of_its_own(package_copy: Path) -> None:
    import json

    (package_copy / "data" / "funding.csv").write_text(
        "funding_id,actor_id,amount,secret\nfund-0001,al-qaeda,5,true\n", encoding="utf-8"
    )
    (package_copy / "schemas" / "funding.schema.json").write_text(
        json.dumps(
            {
                "fields": [
                    {"name": "funding_id", "type": "string", "constraints": {"required": True}},
                    {"name": "actor_id", "type": "string"},
                    {"name": "amount", "type": "integer", "constraints": {"minimum": 0}},
                    {"name": "secret", "type": "boolean"},
                ],
                "primaryKey": ["funding_id"],
            }
        ),
        encoding="utf-8",
    )
    dp = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    dp["resources"].append(
        {"name": "funding", "path": "data/funding.csv", "schema": "schemas/funding.schema.json"}
    )
    (package_copy / "datapackage.json").write_text(json.dumps(dp), encoding="utf-8")
    fork = Package(package_copy)
    assert fork.resources()[-1] == "funding"
    frame = fork.load("funding")
    assert str(frame["amount"].dtype) == "Int64" and str(frame["secret"].dtype) == "boolean"
    (row,) = fork.records("funding")  # type: ignore[call-overload]
    assert (type(row).__name__, row.amount, row.secret) == ("Funding", 5, True)


def test_a_fork_that_changes_a_schema_gets_a_model_of_its_own(package_copy: Path) -> None:
    path = package_copy / "schemas" / "places.schema.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '"enum": [\n          "country",',
            '"enum": [\n          "village",\n          "country",',
        ),
        encoding="utf-8",
    )
    fork = Package(package_copy)
    assert fork.model("places") is not MODELS["places"]
    assert Package(ROOT).model("places") is MODELS["places"]


# Errors a user can cause: each names the file, and the row and field where there is one.

BROKEN = [
    (
        "counts",
        lambda t: t.replace(",3000000,", ",three million,"),
        "data/counts.csv:2:value: 'three million' is not an integer",
    ),
    (
        "counts",
        lambda t: t.replace(",approximately,", ",roughly,", 1),
        "data/counts.csv:2:qualifier: 'roughly' is not one of exact, approximately, at_least, "
        "more_than, at_most, less_than",
    ),
    (
        "counts",
        lambda t: t.replace("count_id,measure", "count_id,metric"),
        "data/counts.csv:1: the header is count_id, metric",
    ),
    (  # a later row is named by its own line
        "counts",
        lambda t: t.replace(",24,more_than,", ",24x,more_than,"),
        "data/counts.csv:3:value: '24x' is not an integer",
    ),
    (
        "counts",
        lambda t: t.replace(",24,more_than,", ",24,more_or_less,"),
        "data/counts.csv:3:qualifier: 'more_or_less' is not one of exact,",
    ),
    (
        "counts",
        lambda t: t.replace(",24,more_than,", ",99999999999999999999,more_than,"),
        "data/counts.csv:value: an integer is too large for a 64-bit column",
    ),
    (
        "places",
        lambda t: t.replace("afghanistan,Afghanistan,country,AFG,", "afghanistan,,country,AFG,"),
        "data/places.csv:2:name: a required value is blank",
    ),
    (
        "sources",
        lambda t: t.replace("2019-05-28", "28/05/2019"),
        "data/sources.csv:2:published: '28/05/2019' is not a date (YYYY-MM-DD)",
    ),
    (
        "foreign_fighter_origins",
        lambda t: t.replace(",false,", ",no,", 1),
        "data/foreign_fighter_origins.csv:2:among_others: 'no' is not a boolean",
    ),
]


@pytest.mark.parametrize(
    ("table", "breaks", "message"),
    BROKEN,
    ids=[b[2].split(":")[0] + "-" + str(i) for i, b in enumerate(BROKEN)],
)
def test_a_broken_cell_is_a_clear_error(
    package_copy: Path, table: str, breaks, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = package_copy / "data" / f"{table}.csv"
    path.write_text(breaks(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(PackageError) as loading:
        Package(package_copy).load(table)
    assert str(loading.value).startswith(message)
    with pytest.raises(PackageError) as reading:
        Package(package_copy).records(table)  # type: ignore[call-overload]
    assert str(reading.value).split(":")[0] == message.split(":")[0]


def test_an_integer_with_a_plus_sign_loads(package_copy: Path) -> None:
    path = package_copy / "data" / "counts.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",24,more_than,", ",+24,more_than,"))
    assert Package(package_copy).load("counts")["value"].iloc[1] == 24


def test_a_missing_file(package_copy: Path) -> None:
    (package_copy / "data" / "counts.csv").unlink()
    with pytest.raises(
        PackageError, match=r"^data/counts.csv: cannot read the file: No such file or directory$"
    ):
        Package(package_copy).load("counts")
    with pytest.raises(PackageError, match=r"^data/counts.csv: cannot read the file"):
        Package(package_copy).records("counts")


def test_a_file_that_is_not_utf8(package_copy: Path) -> None:
    (package_copy / "data" / "places.csv").write_bytes(
        b"place_id,name,kind,country_code,note\nx,Id\xe9b,city,,\n"
    )
    for read in (Package(package_copy).load, Package(package_copy).records):
        with pytest.raises(
            PackageError, match=r"^data/places.csv:2: the file is not UTF-8: byte 0xe9 at line 2"
        ):
            read("places")


def test_a_short_row(package_copy: Path) -> None:
    _append(package_copy / "data" / "places.csv", "zz,Zed")
    with pytest.raises(
        PackageError, match=r"^data/places.csv:16: the row has 2 cells; the header has 5$"
    ):
        Package(package_copy).load("places")


def test_no_package_here(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no data package descriptor here"):
        Package(tmp_path).resources()
    with pytest.raises(PackageError, match="remote package"):
        Package("https://example.org/datapackage.json").resources()


def test_names_is_a_bool_not_anything_truthy() -> None:
    from jihadistds.errors import UsageError

    with pytest.raises(UsageError, match="names is True or False, not 'yes'"):
        Package().load("counts", names="yes")  # type: ignore[arg-type]


def test_a_folder_inside_a_package_names_the_package(package_copy: Path) -> None:
    with pytest.raises(PackageError) as raised:
        Package(package_copy / "data").resources()
    assert str(raised.value).endswith(
        "no data package descriptor here; the nearest folder above that holds one is "
        f"{package_copy.resolve()}"
    )


def test_editable_install_reads_the_checkout() -> None:
    from jihadistds.read.locate import installed_root

    if not (ROOT / "src" / "jihadistds" / "__init__.py").samefile(jihadistds.__file__):
        pytest.skip("jihadistds is not imported from this checkout")
    assert installed_root() == ROOT
    assert not (ROOT / "src" / "jihadistds" / "_data").exists()


def test_copy_for_forks_is_complete(package_copy: Path) -> None:
    assert Package(package_copy).validate().valid
    shutil.rmtree(package_copy / "schemas")
    report = Package(package_copy).validate()
    assert not report.valid and report.problems[0].rule == "JDS900"


def test_validate_stays_a_function_after_its_module_is_imported() -> None:
    import jihadistds.validation

    assert callable(jihadistds.validate) and jihadistds.validate().valid


def test_completion_offers_the_public_api_and_nothing_else() -> None:
    """``dir(jihadistds)`` is what a shell's tab completion offers: the API, not its imports."""
    assert dir(jihadistds) == sorted(jihadistds.__all__)
    assert {"load", "records", "resources", "validate", "Package"} <= set(dir(jihadistds))
    assert not {"os", "Any", "annotations", "TYPE_CHECKING"} & set(dir(jihadistds))
    for name in jihadistds.__all__:
        assert getattr(jihadistds, name) is not None, name


def test_blanks_in_vocabulary_columns_show_as_na() -> None:
    import pandas as pd

    scope = jihadistds.load("counts")["scope"]
    assert scope.cat.categories.dtype == "string"
    blank = scope.isna()
    assert blank.any() and (~blank).any()
    assert "<NA>" in scope[blank].to_string() and "NaN" not in scope.to_string()
    assert pd.isna(scope[blank].iloc[0])


def test_names_beside_ids_on_request() -> None:
    """load(names=True): after each column naming an actor or a place by id, its name."""
    actors = {r["actor_id"]: r["name"] for r in _csv_rows("actors")}
    places = {r["place_id"]: r["name"] for r in _csv_rows("places")}
    plain = jihadistds.load("counts")
    named = jihadistds.load("counts", names=True)
    columns = list(named.columns)
    for field, column in [("actor_id", "actor_name"), ("target_id", "target_name"),
                          ("place_id", "place_name"), ("attributed_to", "attributed_to_name")]:  # fmt: skip
        assert columns.index(column) == columns.index(field) + 1
        assert named[column].dtype == "string"
        lookup = places if field == "place_id" else actors
        for value, name in zip(named[field], named[column]):
            assert (name is pd.NA) if value is pd.NA else name == lookup[value]
    assert [c for c in columns if not c.endswith("_name")] == list(plain.columns)
    assert list(jihadistds.load("counts").columns) == list(plain.columns)  # the cache unchanged
    arrow = jihadistds.load("counts", backend="arrow", names=True)
    assert arrow.column_names == columns
    assert arrow.column("actor_name").to_pylist() == [
        None if v is pd.NA else v for v in named["actor_name"]
    ]
    assert "name" in jihadistds.load("actors", names=True).columns  # no name of its own added
    assert set(jihadistds.load_all(names=True)["relationships"].columns) >= {
        "subject_name", "object_name"
    }  # fmt: skip
