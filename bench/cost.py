"""What hostile input costs: every input path, at n and 2n up to its limit, timed and weighed.

    .venv/bin/python -m bench.cost [--budget SECONDS] [--only TEXT] [--json PATH] [--server]

Paths: the command-line check (`python -m components.data.memberships check`), an upload (the same check the
app runs, with the problems table and the comparison it shows), every download made from an
accepted upload as wide as allowed (rows x 100 columns: CSV, semicolon CSV, workbook, GeoJSON,
HTML map, slide; on city points), the boundary file
(FINMAP_BOUNDARIES), the catalog and city files of a FINMAP_DATA_DIR, and the URL's query
parameters. For each, inputs made to cost (wide headers, long cells, many rows, many themes per
cell, deep or huge GeoJSON, many parameters...) at half the path's limit and at the limit.

Each measurement runs in a forked child process, so a runaway case is stopped at the budget (it
is reported as "> budget", not waited for) and one case's memory does not weigh on the next.
CPU seconds are the child's own (time.process_time), the best of three runs; peak memory is tracemalloc's peak in a
second run of the same input (tracemalloc slows Python down, so it is not timed). The ratio is
the 2n time over the n time: above 2.5 for twice the input is flagged as worse than linear, and
above 1 s of CPU at the limit as too slow.

--server also measures one session's filter change (over Streamlit's websocket) while another
session uploads the worst file at the upload limit, against the same change with no upload; then
a crowd of twenty sessions uploading the worst list at once, and the server's memory before, at
the peak and after they closed (bench/cost_server.py, alone: python -m bench.cost_server).
Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import multiprocessing
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from components.data import boundaries, catalog, memberships, upload
from components.data.memberships import (
    CITIES_PATH,
    DATA_DIR,
    MAX_CELL_CHARS,
    PARTNERSHIPS_PATH,
    DataUnavailableError,
    ValidationContext,
    check_file,
    load_cities,
    load_dataset,
)
from components.model import filters
from components.model.link import read_link
from components.model.map import prepare_geometry
from components.render import exports, html_map, slide  # imported before the children fork: not timed

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CSV = PARTNERSHIPS_PATH.read_bytes()
HEADER = BUNDLED_CSV.split(b"\n", 1)[0].decode()
# The empty cells after a row's note, one per column that follows it in the bundled header.
AFTER_NOTE = "," * (len(HEADER.split(",")) - HEADER.split(",").index("note") - 1)
ROW = BUNDLED_CSV.split(b"\n")[1].decode()  # a valid row (Helsinki, strategic)
MB = 1024 * 1024
SLOW_S = 1.0
SUPERLINEAR = 2.5
REPEATS = 3

# The limits the cases fill; read from the code where it has them, so the same benchmark
# measures the code before and after they were added.
CHECK_BYTES = getattr(memberships, "MAX_FILE_BYTES", 5 * MB)
UPLOAD_BYTES = upload.MAX_UPLOAD_BYTES
BOUNDARY_BYTES = getattr(boundaries, "MAX_BOUNDARY_BYTES", boundaries.MAX_DOWNLOAD_MB * MB)
CATALOG_BYTES = getattr(catalog, "MAX_CATALOG_BYTES", 1 * MB)
CITIES_BYTES = getattr(memberships, "MAX_CITIES_BYTES", 8 * MB)
ROW_LIMIT = getattr(memberships, "MAX_ROWS", 5_000)
QUERY_BYTES = 1 * MB  # a query string Streamlit's websocket carries without complaint


# ----------------------------------------------------------------------------- hostile inputs


def _fill(prefix: str, unit: str, size: int, suffix: str = "") -> bytes:
    """prefix + unit repeated + suffix, about `size` bytes."""
    count = max(1, (size - len(prefix.encode()) - len(suffix.encode())) // max(1, len(unit.encode())))
    return (prefix + unit * count + suffix).encode()


def wide_header(size: int) -> bytes:
    return ",".join(f"c{index}" for index in range(size // 7)).encode()[:size]


def wide_row(size: int) -> bytes:
    return _fill(HEADER + "\n" + ROW, ",x", size)


def _row(note: str = "n", themes: str = "gang-crime") -> str:
    return f"strategic,091,Helsinki,Helsingfors,,{themes},active,2023-11-16,,,https://vnk.fi/x,{note}{AFTER_NOTE}"


def long_cell(size: int) -> bytes:
    """One row whose note is as long as the file."""
    return _fill(HEADER + "\n" + _row(note=""), "x", size)


def long_cells(size: int) -> bytes:
    """Rows whose note is just under the cell limit."""
    return _fill(HEADER, "\n" + _row(note="x" * (MAX_CELL_CHARS - 1)), size)


def many_rows(size: int) -> bytes:
    """Valid rows repeated: every one after the first is a duplicate membership."""
    return _fill(HEADER, "\n" + ROW, size)


def many_short_rows(size: int) -> bytes:
    """As many (duplicate) rows as the size allows: short rows, so the most rows."""
    return _fill(HEADER, "\n" + _row(), size)


def many_themes(size: int) -> bytes:
    """Rows whose themes cell is one known theme repeated up to the cell limit."""
    themes = ";".join(["gang-crime"] * (MAX_CELL_CHARS // 11))
    return _fill(HEADER, "\n" + _row(themes=themes), size)


def distinct_misspellings(size: int) -> bytes:
    """Every row misspells its partnership differently: each asks for a "did you mean"."""
    rows, index = [HEADER], 0
    while sum(len(row) + 1 for row in rows[-1:]) * len(rows) < size:
        rows.append(_row().replace("strategic", f"strategix{index}", 1))
        index += 1
    return "\n".join(rows).encode()[:size]


def many_problems(size: int) -> bytes:
    """Rows where every checked column is wrong: a problem per row, each naming the known ids."""
    row = f"vitalty,9999,Nowhere,Ingenstans,,nothing,maybe,31.2.2024,,,ftp://x,n{AFTER_NOTE}"
    return _fill(HEADER, "\n" + row, size)


def broken_quotes(size: int) -> bytes:
    """Records the CSV reader cannot split, one after another (reading goes on after each)."""
    return _fill(HEADER, '\n"a"b,c', size)


def one_line(size: int) -> bytes:
    """No line break at all: one record as long as the file."""
    return _fill(HEADER + "\n", "x", size)


def rows_of(make_row: Callable[[int], str]) -> Callable[[int], bytes]:
    """A file of `count` rows (the size of these cases is a row count, up to the row limit)."""
    return lambda count: "\n".join([HEADER, *(make_row(index) for index in range(count))]).encode()


@functools.cache
def _codes() -> list[str]:
    return [str(code) for code in load_cities()[0]["municipality_code"]]


def _valid_row(index: int) -> str:
    """Valid rows through every municipality and three partnerships; after those, repeats."""
    codes = _codes()
    partnership = ("urban-policy-group", "ecosystem", "strategic")[index // len(codes) % 3]
    return f"{partnership},{codes[index % len(codes)]},,,,,active,2024-01-01,,,https://tem.fi/x,n{index}{AFTER_NOTE}"


ROW_INPUTS: dict[str, Callable[[int], bytes]] = {
    "rows: valid, then repeats": rows_of(_valid_row),
    "rows: a problem each": rows_of(
        lambda i: f"vitalty,9999,Nowhere,Ingenstans,,nothing,maybe,31.2.2024,,,ftp://x,n{i}{AFTER_NOTE}"
    ),
    "rows: a new misspelling each": rows_of(lambda i: _row().replace("strategic", f"strategix{i}", 1)),
}

CSV_INPUTS: dict[str, Callable[[int], bytes]] = {
    "wide header": wide_header,
    "wide row": wide_row,
    "long cell": long_cell,
    "long cells": long_cells,
    "many rows": many_rows,
    "many short rows": many_short_rows,
    "many themes per cell": many_themes,
    "a problem per row": many_problems,
    "a new misspelling per row": distinct_misspellings,
    "broken quotes": broken_quotes,
    "one long line": one_line,
}


def _feature(code: int, ring: list[list[float]]) -> str:
    props = f'{{"NATCODE": "{code % 1000:03d}", "NAMEFIN": "K{code}", "NAMESWE": "K{code}"}}'
    geometry = f'{{"type": "Polygon", "coordinates": [{json.dumps(ring)}]}}'
    return f'{{"type": "Feature", "properties": {props}, "geometry": {geometry}}}'


def _collection(features: list[str]) -> bytes:
    return ('{"type": "FeatureCollection", "features": [' + ",".join(features) + "]}").encode()


def geojson_many_features(size: int) -> bytes:
    one = len(_feature(1, _square(0))) + 1
    return _collection([_feature(index, _square(index)) for index in range(size // one)])


def _square(index: int) -> list[list[float]]:
    x, y = 20 + (index % 100) * 0.1, 60 + (index // 100 % 90) * 0.1
    return [[x, y], [x + 0.09, y], [x + 0.09, y + 0.09], [x, y + 0.09], [x, y]]


def geojson_huge_ring(size: int) -> bytes:
    """One municipality whose ring has as many vertices as the size allows (a fine circle)."""
    import math

    count = size // 38
    ring = [
        [round(25 + 2 * math.cos(2 * math.pi * i / count), 12), round(64 + math.sin(2 * math.pi * i / count), 12)]
        for i in range(count)
    ]
    return _collection([_feature(91, [*ring, ring[0]])])


def geojson_deep(size: int) -> bytes:
    """Coordinates nested as deep as the size allows."""
    depth = (size - 300) // 2
    props = '{"NATCODE": "091", "NAMEFIN": "Helsinki", "NAMESWE": "Helsingfors"}'
    geometry = '{"type": "Polygon", "coordinates": ' + "[" * depth + "]" * depth + "}"
    return _collection([f'{{"type": "Feature", "properties": {props}, "geometry": {geometry}}}'])


def geojson_deep_property(size: int) -> bytes:
    depth = (size - 300) // 2
    return _collection([_feature(91, _square(0)).replace('"NAMESWE": "K91"', '"x": ' + "[" * depth + "]" * depth)])


BOUNDARY_INPUTS: dict[str, Callable[[int], bytes]] = {
    "many features": geojson_many_features,
    "huge coordinates array": geojson_huge_ring,
    "deep nesting (coordinates)": geojson_deep,
    "deep nesting (property)": geojson_deep_property,
}


def catalog_deep(size: int) -> bytes:
    depth = (size - 300) // 2
    return (catalog.CATALOG_PATH.read_text(encoding="utf-8") + "\nx = " + "[" * depth + "]" * depth + "\n").encode()


def catalog_many_partnerships(size: int) -> bytes:
    text = catalog.CATALOG_PATH.read_text(encoding="utf-8")
    start = text.index("[[partnerships]]")
    end = text.index("[[partnerships]]", start + 1)
    block = text[start:end]
    first_id = block.split('id = "', 1)[1].split('"', 1)[0]
    count = max(1, (size - len(text)) // len(block))
    extra = "".join(block.replace(f'id = "{first_id}"', f'id = "p{index}"', 1) for index in range(count))
    return (text + "\n" + extra).encode()


def cities_many(size: int) -> bytes:
    collection = json.loads(CITIES_PATH.read_bytes())
    one = collection["features"][0]
    unit = len(json.dumps(one)) + 2
    collection["features"] = [one] * max(1, size // unit)
    return json.dumps(collection).encode()


DATA_DIR_INPUTS: dict[str, tuple[str, Callable[[int], bytes], int]] = {
    "catalog: deep nesting": ("catalog.toml", catalog_deep, CATALOG_BYTES),
    "catalog: many partnerships": ("catalog.toml", catalog_many_partnerships, CATALOG_BYTES),
    "cities: many features": ("cities.geojson", cities_many, CITIES_BYTES),
}


def query_many_parameters(size: int) -> dict[str, str]:
    return {f"p{index}": "x" for index in range(size // 6)}


def query_many_values(size: int) -> dict[str, str]:
    return {"partnership": ",".join(["strategic"] * (size // 10))}


def query_many_cities(size: int) -> dict[str, str]:
    return {"city": ",".join(["Helsinki"] * (size // 9)), "region": ",".join(["01"] * (size // 3))}


QUERY_INPUTS: dict[str, Callable[[int], dict[str, str]]] = {
    "many parameters": query_many_parameters,
    "many values in one parameter": query_many_values,
    "many cities and regions": query_many_cities,
}


# ----------------------------------------------------------------------------- runners


@dataclass
class Case:
    path: str
    name: str
    limit: int  # bytes, or rows where unit is "rows"
    make: Callable[[int], object]
    run: Callable[[object], str]  # what came of it, in a few words
    unit: str = "bytes"


_CONTEXT: dict[str, object] = {}


def _bundled():
    if "dataset" not in _CONTEXT:
        _CONTEXT["dataset"] = load_dataset(DATA_DIR)
    return _CONTEXT["dataset"]


def _outcome(problems: list, accepted: int) -> str:
    if not problems:
        return f"{accepted} rows"
    first = problems[0]
    return f"{accepted} rows, {len(problems)} problems ({first.reason})"


def run_check(raw: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        handle.write(raw)
        handle.flush()
        out = io.StringIO()
        code = check_file(Path(handle.name), "en", out=out)
    lines = out.getvalue().splitlines()
    return f"exit {code}, {len(lines)} lines: {lines[0][:60] if lines else ''}"


def run_upload(raw: bytes) -> str:
    dataset = _bundled()
    check = upload.check_upload(raw, "hostile.csv", dataset)
    try:  # the comparison the panel shows, where the code has one
        from components.data import upload_diff
    except ImportError:
        upload.problems_table(check.result.problems, "en")
    else:
        names = upload_diff.Names.of(ValidationContext.build(dataset.catalog, dataset.cities), "en")
        labels = upload_diff.row_labels(check.comparison.row_keys, names)
        upload.problems_table(check.result.problems, "en", labels)
        upload_diff.comparison_table(check.comparison, names, "en")
    return _outcome(check.result.problems, len(check.result.rows))


EXTRA_COLUMNS = [f"extra_{index}" for index in range(memberships.MAX_COLUMNS - len(HEADER.split(",")))]


def _wide_valid_row(index: int) -> str:
    """A row with a short value in each extra column: the widest file the upload takes. Every
    partnership with every city first (as many accepted rows as there can be), then repeats."""
    pids, codes = _bundled().catalog.partnership_ids, _codes()
    pid, code = pids[index % len(pids)], codes[index // len(pids) % len(codes)]
    row = f"{pid},{code},,,,,active,2024-01-01,,,https://tem.fi/x,n{index}{AFTER_NOTE}"
    return row + "," + ",".join(str(index % 10) for _ in EXTRA_COLUMNS)


def wide_rows(count: int) -> bytes:
    return "\n".join([",".join([HEADER, *EXTRA_COLUMNS]), *(_wide_valid_row(i) for i in range(count))]).encode()


def _export(kind: str, rows, dataset) -> bytes:
    geometry = _points()
    uploaded = memberships.UploadedList("wide.csv", len(rows), datetime(2026, 12, 7, 12, 0))
    table = exports.export_rows(rows, dataset.catalog, "fi", uploaded=uploaded)
    makers = {
        "csv": lambda: exports.to_csv(table),
        "semicolon csv": lambda: exports.to_csv(table, ";"),
        "workbook": lambda: exports.to_xlsx(table, dataset.catalog, "x", "fi", uploaded=uploaded),
        "geojson": lambda: exports.to_geojson(table, geometry.by_code),
        "html map": lambda: html_map.interactive_map(rows, dataset.catalog, geometry, "fi", "x", uploaded=uploaded),
        "slide (png)": lambda: slide.render(rows, dataset.catalog, geometry, "fi", "x", "png", origin="x"),
    }
    return makers[kind]()


def _points():
    """The map's geometry on city points, made once before the children fork (as the app does once)."""
    if "points" not in _CONTEXT:
        _CONTEXT["points"] = prepare_geometry(_bundled().cities, None)
    return _CONTEXT["points"]


def run_export(kind: str, raw: bytes) -> str:
    """The check of `raw` (here, not in the upload's worker, so its time is counted), then one
    download made from the accepted rows: what a press of its button costs, with the check."""
    dataset = _bundled()
    accepted = memberships.join_cities(
        memberships.validate_partnerships(raw, dataset.catalog, dataset.cities).rows, dataset.cities
    )
    made = _export(kind, accepted, dataset) if kind != "none (the check alone)" else b""
    return f"{len(accepted)} rows -> {len(made) / MB:.1f} MB"


EXPORTS = ("none (the check alone)", "csv", "semicolon csv", "workbook", "geojson", "html map", "slide (png)")


def run_boundaries(raw: bytes) -> str:
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "hostile.geojson"
        source.write_bytes(raw)
        result = boundaries.load_boundaries(str(source), cache_dir=Path(directory) / "cache")
    if result.polygons is None:
        return f"rejected: {result.reason} {result.params}"[:70]
    return f"{len(result.polygons)} polygons"


def run_data_dir(file_name: str, raw: bytes) -> str:
    with tempfile.TemporaryDirectory() as directory:
        for path in (PARTNERSHIPS_PATH, CITIES_PATH, catalog.CATALOG_PATH):
            (Path(directory) / path.name).write_bytes(path.read_bytes())
        (Path(directory) / file_name).write_bytes(raw)
        try:
            dataset = load_dataset(Path(directory))
        except DataUnavailableError as error:
            return f"rejected: {error.reason} {error.detail}"[:70]
    return _outcome(dataset.problems, len(dataset.memberships))


def run_query(params: dict[str, str]) -> str:
    dataset = _bundled()
    vocabulary = _CONTEXT.setdefault(
        "words", filters.build_vocabulary(dataset.catalog, dataset.cities)
    )  # once per server, as the app
    link = read_link(params, vocabulary)
    return f"{len(link.notices)} notices, {len(link.state.partnerships)} partnerships, city {link.state.city}"


def cases() -> list[Case]:
    found: list[Case] = []
    for name, make in CSV_INPUTS.items():
        found.append(Case("check (command line)", name, CHECK_BYTES, make, run_check))
    for name, make in ROW_INPUTS.items():
        found.append(Case("check (command line)", name, ROW_LIMIT, make, run_check, "rows"))
    for name, make in CSV_INPUTS.items():
        found.append(Case("upload", name, UPLOAD_BYTES, make, run_upload))
    for name, make in ROW_INPUTS.items():
        found.append(Case("upload", name, ROW_LIMIT, make, run_upload, "rows"))
    for kind in EXPORTS:
        run = functools.partial(run_export, kind)
        found.append(Case(f"download: {kind}", "rows x 100 columns", ROW_LIMIT, wide_rows, run, "rows"))
    for name, make in BOUNDARY_INPUTS.items():
        found.append(Case("boundaries", name, BOUNDARY_BYTES, make, run_boundaries))
    for name, (file_name, make, limit) in DATA_DIR_INPUTS.items():
        found.append(Case("FINMAP_DATA_DIR", name, limit, make, lambda raw, f=file_name: run_data_dir(f, raw)))
    for name, make in QUERY_INPUTS.items():
        found.append(Case("URL parameters", name, QUERY_BYTES, make, run_query))
    return found


# ----------------------------------------------------------------------------- measuring


def _measure_in_child(case: Case, size: int, budget: float, pipe) -> None:
    try:
        made = case.make(size)
        # The best of up to three runs (while they are quick): the machine is shared, and a
        # neighbour's burst should not pass for growth.
        best: dict = {}
        began = time.perf_counter()
        for _ in range(REPEATS):
            started_cpu, started = time.process_time(), time.perf_counter()
            outcome = case.run(made)
            cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
            if not best or cpu < best["cpu"]:
                best = {"cpu": cpu, "wall": wall, "outcome": outcome}
            if cpu > SLOW_S or time.perf_counter() - began + wall > budget / 2:
                break  # one more run could pass the budget on a busy machine
        pipe.send(best)
        tracemalloc.start()
        case.run(made)
        pipe.send({"peak_mb": tracemalloc.get_traced_memory()[1] / MB})
    except BaseException as error:  # a crash is a finding too
        pipe.send({"cpu": None, "wall": None, "outcome": f"crashed: {type(error).__name__}: {error}"[:70]})
    finally:
        pipe.close()


def measure(case: Case, size: int, budget: float) -> dict:
    """One case at one size, in a forked child stopped after `budget` seconds per run."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_measure_in_child, args=(case, size, budget, send))
    child.start()
    send.close()
    figures: dict = {"size": size, "cpu": None, "wall": None, "peak_mb": None, "outcome": f"> {budget:g} s, stopped"}
    for _ in range(2):  # the timed run, then the weighed run
        if not receive.poll(budget):
            break
        try:
            figures.update(receive.recv())
        except EOFError:
            break
        if figures.get("cpu") is None and "crashed" in str(figures.get("outcome")):
            break
    if child.is_alive():
        child.kill()
    child.join()
    return figures


def verdict(small: dict, large: dict, budget: float) -> tuple[float | None, str]:
    if large["cpu"] is None:
        return None, "SLOW (stopped)" if "stopped" in large["outcome"] else "CRASH"
    # Below 50 ms a neighbour on the shared machine moves the ratio more than the input does.
    ratio = large["cpu"] / small["cpu"] if small["cpu"] and small["cpu"] >= 0.05 else None
    flags = []
    if ratio is not None and ratio > SUPERLINEAR:
        flags.append("SUPERLINEAR")
    if large["cpu"] > SLOW_S:
        flags.append("SLOW")
    if "crashed" in large["outcome"]:
        flags.append("CRASH")
    return ratio, " ".join(flags) or "ok"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _size(size: int, unit: str = "bytes") -> str:
    if unit != "bytes":
        return f"{size} {unit}"
    return f"{size / MB:.2f} MB" if size >= MB // 10 else f"{size / 1024:.0f} KB"


def run_all(budget: float, only: str | None) -> list[dict]:
    rows = []
    one_size = f"{'size':>9} {'cpu s':>7} {'peak MB':>8}"
    header = f"{'path':<22} {'input':<28} {one_size} {one_size} {'ratio':>6}  verdict / outcome at the limit"
    print(header)
    print("-" * len(header))
    _bundled()  # loaded once here, before the children fork, so no case pays for it
    _points()
    if hasattr(filters, "vocabulary"):
        _CONTEXT["words"] = filters.build_vocabulary(_bundled().catalog, _bundled().cities)
    for case in cases():
        if only and only.lower() not in f"{case.path} {case.name}".lower():
            continue
        small = measure(case, case.limit // 2, budget)
        large = measure(case, case.limit, budget)
        ratio, flag = verdict(small, large, budget)
        cells = [f"{case.path:<22} {case.name:<28}"]
        for figures in (small, large):
            peak = "-" if figures["peak_mb"] is None else f"{figures['peak_mb']:.1f}"
            cells.append(f"{_size(figures['size'], case.unit):>9} {_seconds(figures['cpu']):>7} {peak:>8}")
        cells.append(f"{'-' if ratio is None else f'{ratio:.2f}':>6}  {flag}: {large['outcome']}")
        print(" ".join(cells), flush=True)
        rows.append({"path": case.path, "input": case.name, "n": small, "2n": large, "ratio": ratio, "verdict": flag})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=15.0, help="seconds a run may take before it is stopped")
    parser.add_argument("--only", help="only the cases whose path or input contains this text")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--server", action="store_true", help="also measure a filter change under hostile uploads, and a crowd of them"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("FINMAP_LANG", "en")
    rows = run_all(args.budget, args.only)
    report = {"cases": rows}
    if args.server:
        from bench.cost_server import crowd, responsiveness

        report["responsiveness"] = responsiveness()
        report["crowd"] = crowd()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
