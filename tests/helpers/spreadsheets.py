"""Spreadsheets as people open the files: LibreOffice Calc headless (where it is installed), and a
faithful stand-in for its CSV import dialog, which splits on tab, comma and semicolon at once by
default and honours double quotes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

SEPARATORS = "\t,;"
# LibreOffice's CSV filter options: separators tab/comma/semicolon (9/44/59), quote ("), UTF-8
# (76), from line 1; the 7th token: whether a quoted field is kept as text.
EVERY_SEPARATOR = "CSV:9/44/59,34,76,1,,0,{quoted_as_text}"


def split_every_way(text: str) -> list[list[str]]:
    """Records as LibreOffice's import dialog splits them by default: on any of tab, comma and
    semicolon; a field in double quotes may hold them, and "" is one quote."""
    records, record, field, quoted, at = [], [], [], False, 0
    while at < len(text):
        char = text[at]
        if quoted:
            if char == '"' and text[at + 1 : at + 2] == '"':
                field.append('"')
                at += 1
            elif char == '"':
                quoted = False
            else:
                field.append(char)
        elif char == '"' and not field:
            quoted = True
        elif char in SEPARATORS:
            record.append("".join(field))
            field = []
        elif char in "\r\n":
            if char == "\r" and text[at + 1 : at + 2] == "\n":
                at += 1
            record.append("".join(field))
            records.append(record)
            record, field = [], []
        else:
            field.append(char)
        at += 1
    if field or record:
        record.append("".join(field))
        records.append(record)
    return records


def soffice() -> str:
    """LibreOffice's command, or skip with the reason (`make test` installs it on Debian)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: `make test` installs Debian's libreoffice-calc-nogui")
    return found


def convert(files: list[Path], to: str, out_dir: Path, infilter: str | None = None) -> list[Path]:
    """The files converted by LibreOffice headless (a fresh profile of their own), in one run."""
    profile = out_dir / "profile"
    command = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", to, "--outdir", str(out_dir), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    extension = to.split(":")[0]
    converted = [out_dir / f"{path.stem}.{extension}" for path in files]
    missing = [path for path in converted if not path.exists()]
    assert not missing, f"LibreOffice made no {missing}"
    return converted


def sheet_rows(path: Path) -> list[list[object]]:
    """The first sheet's cells as values (None for an empty cell)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
