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
    accepted = equivalents(ROOT / "docs" / "testing.md")
    if sys.argv[1:] == ["--patterns"]:
        print("\n".join(patterns()))
        return 0
    if sys.argv[1:] == ["--survivors"]:  # to run them again after new tests: mutmut run $(... --survivors)
        for module in modules():
            print(
                "\n".join(n for n, code in results(module).items() if status(code) == "survived" and n not in accepted)
            )
        return 0
    seen: set[str] = set()
    total: Counter[str] = Counter()
    notes: list[str] = []
    print(f"{'module':40} {'killed':>7} {'survived':>9} {'equivalent':>11} {'unchecked':>10} {'killed %':>9}")
    for module in modules():
        counts: Counter[str] = Counter()
        for name, code in results(module).items():
            seen.add(name)
            verdict = status(code)
            if name in accepted:
                if verdict == "survived":
                    verdict = "equivalent"
                else:
                    notes.append(f"listed as equivalent but {verdict} (take it off docs/testing.md): {name}")
            elif verdict == "survived":
                notes.append(f"survived: {name}")
            counts[verdict] += 1
        total += counts
        print(line(module, counts))
    print(line("overall", total))
    notes += [
        f"listed as equivalent but not a mutant now (check docs/testing.md): {n}" for n in sorted(set(accepted) - seen)
    ]
    print("\n".join(notes))
    if total["not checked"] or total["other"]:
        print(f"{total['not checked']} not checked, {total['other']} with another outcome: run `make mutate` again")
        return 1
    if total["killed"] < GOAL / 100 * (total["killed"] + total["survived"]):
        print(f"under the goal of {GOAL:.0f} % killed")
        return 1
    return 0


def line(name: str, counts: Counter[str]) -> str:
    return (
        f"{name:40} {counts['killed']:7} {counts['survived']:9} {counts['equivalent']:11} "
        f"{counts['not checked']:10} {score(counts):>9}"
    )


def score(counts: Counter[str]) -> str:
    judged = counts["killed"] + counts["survived"]
    return f"{100 * counts['killed'] / judged:.1f} %" if judged else "-"


if __name__ == "__main__":
    sys.exit(main())
