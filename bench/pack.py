"""The briefing pack's worst input: the fact sheets of all 80 municipalities in one PDF, against
the baselines of the same run: one fact sheet's PDF, and the process that has only loaded the
data (its memory before a pack is made). Each in a fresh process on 127.0.0.1's files alone
(the shared boundaries and population), as the worker process that makes packs would run it.

    .venv/bin/python -m bench.pack [--lang fi]

Prints seconds and peak memory (the process's maximum resident set) of each, and the pack's
pages and size. Called by `make bench` after the browser runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from harness import POPULATION, REFERENCE_MUNICIPALITIES, ROOT

# Runs in the child: load as the app does, then make `what` and report.
_CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
from components.data.boundaries import load_boundaries
from components.data.memberships import load_dataset
from components.data.population import load_population
from components.model.filters import FilterState
from components.model.map import prepare_geometry
from components.model.fact_sheet import fact_sheet, pack_codes
from components.page.fact_sheet import make_pack
from components.render.fact_pdf import sheet_pdf
from components.render.locator import locator_png

what, lang, boundaries, figures = sys.argv[1:5]
dataset = load_dataset(Path("data"))
polygons = load_boundaries(boundaries).polygons
geometry = prepare_geometry(dataset.cities, polygons, "bench")
population = load_population(figures, required_codes=dataset.cities["municipality_code"])
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
codes = pack_codes(dataset.memberships, population)
if what == "pack":
    pdf = make_pack(dataset, geometry, population, codes, FilterState(lang=lang), "all")
    pages = pdf.count(b"/Type /Page\\n") or pdf.count(b"/Type /Page") - 1
elif what == "sheet":
    sheet = fact_sheet(dataset, codes[0], lang, date.today(), population)
    pdf, pages = sheet_pdf(sheet, locator_png(sheet, geometry)), 1
else:
    pdf, pages = b"", 0
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"what": what, "sheets": len(codes) if what == "pack" else int(what == "sheet"),
                  "seconds": round(seconds, 2), "loaded_mb": round(loaded / 1024), "peak_mb": round(peak / 1024),
                  "pages": pages, "kb": round(len(pdf) / 1024)}))
"""


def measure(what: str, lang: str) -> dict:
    command = [sys.executable, "-c", _CHILD, what, lang, str(REFERENCE_MUNICIPALITIES), str(POPULATION)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, timeout=900)
    return json.loads(done.stdout.strip().splitlines()[-1])


def pack_rows(lang: str = "fi") -> list[dict]:
    """The baseline (data loaded, nothing made), one sheet, and the pack of all 80."""
    return [measure(what, lang) for what in ("loaded", "sheet", "pack")]


def render(rows: list[dict]) -> str:
    lines = ["Briefing pack (worst input: every municipality), each in a fresh process:"]
    lines.append(f"  {'made':<10}{'sheets':>7}{'seconds':>9}{'peak MB':>9}{'pages':>7}{'KB':>7}")
    for row in rows:
        figures = f"{row['sheets']:>7}{row['seconds']:>9}{row['peak_mb']:>9}{row['pages']:>7}{row['kb']:>7}"
        lines.append(f"  {row['what']:<10}{figures}")
    base = rows[0]["peak_mb"]
    pack = rows[-1]
    lines.append(
        f"  the pack: {pack['seconds']} s, {pack['peak_mb'] - base} MB over the loaded data"
        f" ({pack['seconds'] / max(pack['sheets'], 1):.2f} s a sheet; one sheet alone {rows[1]['seconds']} s)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", default="fi")
    args = parser.parse_args(argv)
    print(render(pack_rows(args.lang)))


if __name__ == "__main__":
    main()
