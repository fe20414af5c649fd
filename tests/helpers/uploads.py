"""Edited copies of the bundled partnerships list, as an uploader would make them."""

from __future__ import annotations

import csv
import io

from components.data.memberships import PARTNERSHIPS_PATH

BUNDLED_LINES = PARTNERSHIPS_PATH.read_text(encoding="utf-8").splitlines()


def line_of(partnership: str, code: str) -> int:
    """The line of a membership in the bundled file (the header is line 1)."""
    return next(
        number for number, text in enumerate(BUNDLED_LINES, start=1) if text.startswith(f"{partnership},{code},")
    )


def edited(edits: dict[int, dict[str, str]], drop: tuple[int, ...] = (), extra: tuple[dict, ...] = ()) -> bytes:
    """The bundled file with cells replaced by line (the header is line 1), lines dropped, rows added."""
    rows = list(csv.DictReader(io.StringIO("\n".join(BUNDLED_LINES))))
    header = list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for line, row in enumerate(rows, start=2):
        if line not in drop:
            writer.writerow(row | edits.get(line, {}))
    for row in extra:
        writer.writerow(dict.fromkeys(header, "") | row)
    return out.getvalue().encode()


HELSINKI_STRATEGIC, JYVASKYLA_VITALITY, PORI_GROWTH = (
    line_of("strategic", "091"),
    line_of("vitality", "179"),
    line_of("growth-cities", "609"),
)
THREE_BROKEN = {
    HELSINKI_STRATEGIC: {"municipality_code": "09X"},
    JYVASKYLA_VITALITY: {"partnership_id": "vitalty"},
    PORI_GROWTH: {"since": "2024-13-45"},
}
