"""The figure of `make mutate`: the share of behaviour-changing mutants the fast tiers kill, per
module and overall, from mutmut's results in mutants/ (docs/testing.md#mutation-testing).

killed / (killed + survived), where a timeout counts as killed (the mutant broke the code
enough to hang it) and a mutant no test reaches counts as survived. The mutants listed as
equivalent in docs/testing.md change no behaviour and are left out of both. Exits 1 when the
overall figure is under 90 %, or when a mutant is still unchecked."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 90.0

KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
SURVIVED = {0: "survived", 5: "no tests", 33: "no tests"}
# One line per equivalent mutant in docs/testing.md: "- `name`: reason".
# Of the web map and the slide, only the parts that carry text from data into the picture: the
# escaping, the script JSON and the texts and metadata of the slide. Their drawing (Leaflet
# options, layout, pixels) is checked by eye and in the browser tier, and would double the run.
ONLY_FUNCTIONS = {
    "components/render/map.py": [
        "tooltip_header", "membership_marks", "map_view", "partnership_layers", "_script_json",
        "ǁPlainRenderǁrender", "render_plainly", "ǁMapScriptǁ__init__", "ǁLayerScriptǁ__init__",
    ],
    "components/render/slide.py": ["footer_text", "figure_bytes", "alt_text", "with_origin", "slide_texts", "render"],
}  # fmt: skip
EQUIVALENT = re.compile(r"^- `(?P<name>[\w.]+__mutmut_\d+)`: (?P<reason>\S.*)$")


def equivalents(doc: Path) -> dict[str, str]:
    found = {}
    for line in doc.read_text(encoding="utf-8").splitlines():
        if match := EQUIVALENT.match(line):
            found[match["name"]] = match["reason"]
    return found


def modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    return config["only_mutate"]


def patterns() -> list[str]:
    """The mutants `make mutate` runs, as mutmut's name patterns."""
    found = []
    for module in modules():
        dotted = module.removesuffix(".py").replace("/", ".")
        if module in ONLY_FUNCTIONS:
            found += [
                f"{dotted}.x{'' if name.startswith('ǁ') else '_'}{name}__mutmut_*" for name in ONLY_FUNCTIONS[module]
            ]
        else:
            found.append(f"{dotted}.*")
    return found


def results(module: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / f"{module}.meta"
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    wanted = patterns()
    return {name: code for name, code in codes.items() if any(fnmatch(name, pattern) for pattern in wanted)}


def status(code: int | None) -> str:
    if code in KILLED:
        return "killed"
    if code in SURVIVED:
        return "survived"
    if code is None:
        return "not checked"
    return "other"


def main() -> int:
    if sys.argv[1:] == ["--patterns"]:
        print("\n".join(patterns()))
        return 0
    accepted = equivalents(ROOT / "docs" / "testing.md")
    seen: set[str] = set()
    total: Counter[str] = Counter()
    survivors: list[str] = []
    print(f"{'module':45} {'killed':>7} {'survived':>9} {'equiv.':>7} {'score':>7}")
    for module in modules():
        counts: Counter[str] = Counter()
        for name, code in results(module).items():
            seen.add(name)
            verdict = status(code)
            if name in accepted and verdict == "survived":
                verdict = "equivalent"
            elif name in accepted:
                print(f"listed as equivalent but {verdict} (take it off docs/testing.md): {name}")
            elif verdict == "survived":
                survivors.append(name)
            counts[verdict] += 1
        total += counts
        print(f"{module:45} {counts['killed']:7} {counts['survived']:9} {counts['equivalent']:7} {score(counts):>7}")
    print(f"{'overall':45} {total['killed']:7} {total['survived']:9} {total['equivalent']:7} {score(total):>7}")
    for name in survivors:
        print(f"survived: {name}")
    stale = sorted(set(accepted) - seen)
    for name in stale:
        print(f"listed as equivalent but no longer a mutant (check docs/testing.md): {name}")
    if total["not checked"] or total["other"]:
        print(f"{total['not checked']} not checked, {total['other']} with another outcome: run `make mutate` again")
        return 1
    figure = 100 * total["killed"] / max(1, total["killed"] + total["survived"])
    if figure < GOAL:
        print(f"under the goal of {GOAL:.0f} % killed")
        return 1
    return 0


def score(counts: Counter[str]) -> str:
    judged = counts["killed"] + counts["survived"]
    return f"{100 * counts['killed'] / judged:.1f} %" if judged else "-"


if __name__ == "__main__":
    sys.exit(main())
