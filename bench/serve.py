"""`streamlit run`, with the run time of every script run written down on the server.

    python -m bench.serve run app.py --server.port 8501 ...

Streamlit does not report how long a script run takes (its own figure only goes to its usage
statistics, which are off). This launcher wraps the function Streamlit's script runner calls to
execute the script, and appends one JSON line per run to the file named by
FINMAP_BENCH_SCRIPT_TIMES: {"start": epoch ms, "ms": duration, "outcome": ...}. With
FINMAP_BENCH_PROFILE set to a folder, it also writes a cProfile file per run (for diagnosis).
Neither app is changed: both are measured by the same wrapper.
"""

from __future__ import annotations

import cProfile
import json
import os
import sys
import threading
import time
from pathlib import Path

TIMES_VARIABLE = "FINMAP_BENCH_SCRIPT_TIMES"
PROFILE_VARIABLE = "FINMAP_BENCH_PROFILE"


def install(times: Path, profiles: Path | None = None) -> None:
    from streamlit.runtime.scriptrunner import script_runner

    execute = script_runner.exec_func_with_error_handling
    lock = threading.Lock()
    runs = iter(range(1, 1_000_000))

    def timed(func, ctx):
        started = time.time()
        clock = time.perf_counter()
        profile = cProfile.Profile() if profiles else None
        if profile:
            profile.enable()
        try:
            result = execute(func, ctx)
        finally:
            elapsed = (time.perf_counter() - clock) * 1000
            if profile:
                profile.disable()
        outcome = "rerun" if result[2] else "ok" if result[1] else "error"
        with lock:
            number = next(runs)
            with times.open("a") as out:
                out.write(json.dumps({"start": started * 1000, "ms": elapsed, "outcome": outcome}) + "\n")
            if profile:
                profile.dump_stats(profiles / f"run-{number:04d}.prof")
        return result

    script_runner.exec_func_with_error_handling = timed


def main() -> None:
    times = os.environ.get(TIMES_VARIABLE)
    if times:
        profiles = os.environ.get(PROFILE_VARIABLE)
        if profiles:
            Path(profiles).mkdir(parents=True, exist_ok=True)
        install(Path(times), Path(profiles) if profiles else None)
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
