"""Load the course's tables, validated against data/datapackage.json.

Every table in `data/` is declared in the Frictionless Data Package `datapackage.json`
(columns, types, units, constraints, primary and foreign keys). `load(name)` validates the
table with Frictionless and returns a pandas DataFrame with typed columns; a table that
breaks its schema raises `DataValidationError` naming the file, line and column.
"""

from __future__ import annotations

import csv
import json
import os
from functools import lru_cache, wraps
from pathlib import Path

import pandas as pd

from .paths import data_dir

PACKAGE_FILE = "datapackage.json"
MAX_REPORTED_ERRORS = 10

# Frictionless field types -> pandas dtypes (nullable, so blank cells stay blank).
_PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "year": "Int64",
}


class DataValidationError(ValueError):
    """A table does not match its declared schema. `problems` lists one dict per error."""

    def __init__(self, path: Path, problems: list[dict]):
        self.path = Path(path)
        self.problems = problems
        lines = [f"{self.path.name}: {len(problems)} problem(s) against data/{PACKAGE_FILE}"]
        lines += ["  " + _describe(p) for p in problems[:MAX_REPORTED_ERRORS]]
        if len(problems) > MAX_REPORTED_ERRORS:
            lines.append(f"  ... and {len(problems) - MAX_REPORTED_ERRORS} more")
        super().__init__("\n".join(lines))


def _describe(problem: dict) -> str:
    where = [problem["file"]]
    line = problem["line"]
    where.append("whole file" if not line else "line 1 (header)" if line == 1 else f"line {line}")
    if problem["column"]:
        where.append(f"column '{problem['column']}'")
    return f"{', '.join(where)}: {problem['expected']}"


def _package_descriptor(directory: Path) -> dict:
    path = directory / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataValidationError(path, [_problem(path.name, None, None, f"readable JSON ({exc})")]) from exc


def _problem(file: str, line, column, expected: str) -> dict:
    return {"file": file, "line": line, "column": column, "expected": expected}


def table_names(directory: Path | None = None) -> list[str]:
    """Names of every table declared in the data package, in declaration order."""
    return [r["name"] for r in _package_descriptor(Path(directory or data_dir()))["resources"]]


def resource_descriptor(name: str, directory: Path | None = None) -> dict:
    """The datapackage.json entry (path, schema, units) of one table."""
    for resource in _package_descriptor(Path(directory or data_dir()))["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(table_names(directory))
    raise KeyError(f"no table named {name!r} in data/{PACKAGE_FILE}; known tables: {known}")


def validate(name: str, directory: Path | None = None) -> None:
    """Check one table (schema, keys, foreign keys); raise DataValidationError if it breaks."""
    directory = Path(directory or data_dir())
    resource = resource_descriptor(name, directory)
    path = directory / resource["path"]
    problems = _precheck(path) or _header_problems(path, resource)
    if not problems:
        problems = _frictionless_problems(name, resource, directory)
    if problems:
        raise DataValidationError(path, problems)


def _precheck(path: Path) -> list[dict]:
    """Problems Frictionless reports poorly: a missing, empty or non-UTF-8 file."""
    if not path.exists():
        return [_problem(path.name, None, None, "the file to exist")]
    raw = path.read_bytes()
    if not raw.strip():
        return [_problem(path.name, None, None, "a header row and data rows, but the file is empty")]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [_problem(path.name, line, None, f"UTF-8 text, found byte 0x{raw[exc.start]:02x} that is not UTF-8")]
    return []


def _header_problems(path: Path, resource: dict) -> list[dict]:
    """Compare the header with the declared columns by name, so a missing column is named as such."""
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), [])
    declared = [f["name"] for f in resource["schema"]["fields"]]
    problems = [_problem(path.name, 1, c, "this declared column, but the header lacks it") for c in declared if c not in header]
    problems += [
        _problem(path.name, 1, c, "only declared columns, but this one is not in datapackage.json")
        for c in header
        if c not in declared
    ]
    if not problems and header != declared:
        problems.append(_problem(path.name, 1, None, f"the columns in the declared order: {', '.join(declared)}"))
    return problems


def _frictionless_problems(name: str, resource: dict, directory: Path) -> list[dict]:
    import frictionless  # imported late: it is slow to import and only needed here

    package = frictionless.Package(str(directory / PACKAGE_FILE))
    report = package.get_resource(name).validate()
    keys = resource["schema"]
    problems = []
    for error in report.flatten(["type", "rowNumber", "fieldName", "note", "message"]):
        kind, row, field, note, message = error
        column = field or _key_columns(kind, keys, note)
        problems.append(_problem(resource["path"], row, column, _expectation(kind, note, message)))
    return problems


def _key_columns(kind: str, schema: dict, note: str) -> str | None:
    if kind == "primary-key":
        return ", ".join(schema.get("primaryKey", []))
    if kind == "foreign-key":
        for fk in schema.get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            if any(f'"{f}"' in note for f in fields):
                return ", ".join(fields)
    return None


def _expectation(kind: str, note: str, message: str) -> str:
    readable = {
        "primary-key": "a unique id, but it repeats an earlier row ({note})",
        "foreign-key": "an id that exists in the referenced table ({note})",
        "type-error": "a value of the declared type ({note})",
        "constraint-error": "a value meeting the declared constraint ({note})",
        "missing-label": "this column in the header ({note})",
        "extra-label": "no extra column in the header ({note})",
        "incorrect-label": "the declared column name here ({note})",
        "extra-cell": "no more cells than columns: a stray delimiter? ({note})",
        "missing-cell": "a cell for every column ({note})",
        "blank-row": "no blank rows",
        "duplicate-label": "unique column names ({note})",
    }
    template = readable.get(kind)
    return template.format(note=note) if template else f"{kind}: {message}"


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Validate the table `name` from data/datapackage.json and return it as a typed DataFrame.

    Integer columns become nullable Int64, numbers Float64, dates datetime64, strings the
    pandas string dtype; blank cells are missing values (<NA>).
    """
    directory = Path(directory or data_dir())
    return _load_validated(name, str(directory), _fingerprint(directory)).copy()


def _fingerprint(directory: Path) -> tuple:
    """Names, sizes and modification times of the data files: a changed file means a fresh check."""
    with os.scandir(directory) as entries:
        files = sorted((e for e in entries if e.name.endswith(".csv") or e.name == PACKAGE_FILE), key=lambda e: e.name)
        stats = [(e.name, e.stat()) for e in files]
    return tuple((name, st.st_size, st.st_mtime_ns) for name, st in stats)


def cached(func):
    """Memoise a function of hashable arguments for as long as data/ is unchanged (the loader's fingerprint:
    the same rule that decides when a table is read again), so a model built from data/ is computed once."""
    memo = lru_cache(maxsize=256)(lambda state, *args: func(*args))

    @wraps(func)
    def wrapper(*args):
        directory = data_dir()
        return memo((str(directory), _fingerprint(directory)), *args)

    wrapper.cache_clear = memo.cache_clear
    return wrapper


@lru_cache(maxsize=64)
def _load_validated(name: str, directory: str, fingerprint: tuple) -> pd.DataFrame:
    _validate_once(name, Path(directory))
    return _read_typed(resource_descriptor(name, Path(directory)), Path(directory))


def _validation_cache_dir() -> Path:
    base = os.environ.get("KRATOM_COURSE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "kratom_course"
    )
    return Path(base) / "validated"


def _content_key(name: str, directory: Path) -> str:
    """A hash of everything a table's validation depends on: every data file (foreign keys reach
    other tables) and the datapackage, plus the versions of the validator and of this package."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(f"{name}|{version('frictionless')}|{_VALIDATION_RULES}".encode())
    for path in sorted(directory.glob("*.csv")) + [directory / PACKAGE_FILE]:
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_VALIDATION_RULES = "2"  # bump when validate() starts checking something new


def _validate_once(name: str, directory: Path) -> None:
    """Validate, unless these exact bytes already passed on this machine (Frictionless takes seconds
    to start; a notebook kernel that re-validates unchanged files would pay that every time).
    A passing result is remembered by content hash; a failure is never remembered."""
    try:
        marker = _validation_cache_dir() / _content_key(name, directory)
        if marker.exists():
            return
    except OSError:
        marker = None
    validate(name, directory)
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            temporary = marker.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(name, encoding="utf-8")
            os.replace(temporary, marker)
        except OSError:
            pass  # a read-only home only costs time


def _read_typed(resource: dict, directory: Path) -> pd.DataFrame:
    path = directory / resource["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for field in resource["schema"]["fields"]:
        column = frame[field["name"]].replace("", pd.NA)
        kind = field.get("type", "string")
        if kind == "date":
            frame[field["name"]] = pd.to_datetime(column, format="%Y-%m-%d")
        elif kind in ("integer", "number", "year"):
            frame[field["name"]] = pd.to_numeric(column).astype(_PANDAS_DTYPES[kind])
        else:
            frame[field["name"]] = column.astype(_PANDAS_DTYPES.get(kind, "string"))
    return frame


def enum(name: str, column: str, directory: Path | None = None) -> list[str]:
    """The values a column may take (its `enum` constraint in datapackage.json), in declared order.

    The one definition of a vocabulary (claim statuses, study designs, regulatory statuses, ...): code that
    orders or words these values is tied to this list by a test, and raises on a value it does not know.
    """
    for field in resource_descriptor(name, directory)["schema"]["fields"]:
        if field["name"] == column:
            values = field.get("constraints", {}).get("enum")
            if values is None:
                raise KeyError(f"{name}.{column} declares no enum in data/{PACKAGE_FILE}")
            return list(values)
    raise KeyError(f"{name} has no column {column!r} in data/{PACKAGE_FILE}")


def require_known(values, known, what: str) -> None:
    """Raise ValueError if `values` holds anything outside `known`: grouping code never drops a value silently.

    `what` names the vocabulary and where its order or words are kept, for the message.
    """
    unknown = sorted({str(v) for v in values if not _is_missing(v)} - {str(k) for k in known})
    if unknown:
        raise ValueError(f"{what}: unknown value(s) {', '.join(map(repr, unknown))}; add them there first")


def _is_missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def units(name: str, directory: Path | None = None) -> dict[str, str]:
    """Units declared for a table's columns (the `unit` key of each field), by column name."""
    fields = resource_descriptor(name, directory)["schema"]["fields"]
    return {f["name"]: f["unit"] for f in fields if "unit" in f}


# --- choosing a model input by meaning -----------------------------------------------------------


class SelectionError(LookupError):
    """A selection by meaning found no row, several rows where one was expected, or the wrong unit."""


def _describe_filter(where: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in where.items()) or "no filter"


def select(
    table: str,
    *,
    unit: str | None = None,
    many: bool = False,
    chosen_for: str | None = None,
    directory: Path | None = None,
    **where,
):
    """Rows of `table` chosen by meaning: each keyword is column == value (a list or tuple: any of).

    With many=False (default) exactly one row must match and it is returned as a Series; with
    many=True the matching rows are returned as a DataFrame (at least one). If `unit` is given,
    every selected row's `unit` column must equal it, so a value in µM can never enter as nM.
    `chosen_for` keeps only the rows that data/curation.csv chooses for that view (see `chosen`).
    Errors name the table, the filter and what was found.
    """
    frame = load(table, directory)
    mask = pd.Series(True, index=frame.index)
    if chosen_for is not None:
        picks = curation(chosen_for, directory)
        picked = set(picks.loc[picks["table_name"] == table, "row_id"])
        if not picked:
            raise SelectionError(f"curation: the view {chosen_for!r} chooses no rows of {table}")
        mask &= frame[primary_key(table, directory)].isin(picked).astype(bool)
        where = {"chosen_for": chosen_for, **where}
    for column, wanted in where.items():
        if column == "chosen_for":
            continue
        if column not in frame.columns:
            raise SelectionError(f"{table}: no column {column!r} (filter {_describe_filter(where)})")
        values = list(wanted) if isinstance(wanted, (list, tuple, set)) else [wanted]
        mask &= frame[column].isin(values).fillna(False).astype(bool)
    rows = frame[mask]
    if rows.empty:
        raise SelectionError(f"{table}: no row matches {_describe_filter(where)}")
    if not many and len(rows) != 1:
        ids = ", ".join(str(v) for v in rows.iloc[:, 0])
        raise SelectionError(f"{table}: expected exactly one row for {_describe_filter(where)}, found {len(rows)} ({ids})")
    if unit is not None:
        found = sorted(set(rows["unit"].astype(str)))
        if found != [unit]:
            raise SelectionError(f"{table}: expected unit {unit!r} for {_describe_filter(where)}, found {', '.join(found)}")
    return rows.reset_index(drop=True) if many else rows.iloc[0]


def value(table: str, *, unit: str, directory: Path | None = None, **where) -> float:
    """The `value` of the one row of `table` matching `where`, checked to be in `unit`."""
    return float(select(table, unit=unit, directory=directory, **where)["value"])


# --- curation: which rows feed which view of the course, and why (data/curation.csv) --------------

CURATION = "curation"


def primary_key(table: str, directory: Path | None = None) -> str:
    """The column that names a row of `table` (the first column of its primary key)."""
    return resource_descriptor(table, directory)["schema"]["primaryKey"][0]


def curation(view: str, directory: Path | None = None) -> pd.DataFrame:
    """The rows of data/curation.csv for one view, in file order (the order the view shows them).

    A view that the course code names but data/ does not declare is an error, not an empty selection.
    """
    known = enum(CURATION, "view", directory)
    if view not in known:
        raise KeyError(f"no view {view!r} in data/{PACKAGE_FILE} (curation.view); known views: {', '.join(known)}")
    rows = load(CURATION, directory)
    rows = rows[rows["view"] == view]
    if rows.empty:
        raise SelectionError(f"curation: the view {view!r} chooses no rows")
    return rows.reset_index(drop=True)


def chosen(view: str, *, directory: Path | None = None) -> pd.DataFrame:
    """The rows a view chooses, from the one table it chooses from, in curation order, each with the
    view's `label` and `reason` (columns `curation_label`, `curation_reason`).

    Every chosen row must exist: a row id that names no row of its table raises, never vanishes.
    """
    picks = curation(view, directory)
    tables = sorted(set(picks["table_name"]))
    if len(tables) != 1:
        raise SelectionError(f"curation: the view {view!r} chooses from several tables ({', '.join(tables)})")
    table = tables[0]
    key = primary_key(table, directory)
    frame = load(table, directory).set_index(key, drop=False)
    missing = sorted(set(picks["row_id"]) - set(frame.index))
    if missing:
        raise SelectionError(f"curation: the view {view!r} names rows that are not in {table}: {', '.join(missing)}")
    rows = frame.loc[list(picks["row_id"])].reset_index(drop=True)
    return rows.assign(curation_label=picks["label"].values, curation_reason=picks["reason"].values)


def labels(view: str, *, directory: Path | None = None) -> dict[str, str]:
    """A view's label by row id (for views that label each row once, e.g. a caveat or a series' scope)."""
    picks = curation(view, directory)
    if picks["row_id"].duplicated().any():
        raise SelectionError(f"curation: the view {view!r} labels a row more than once")
    return dict(zip(picks["row_id"], picks["label"].fillna("")))
