"""Run every benchmark module under bench/ and print medians.

    make bench                       # PostgreSQL at 127.0.0.1, database argmap_bench
    DATABASE_URL=... make bench      # another database (it is flushed first)
    python bench/run.py pages core   # only bench_pages.py and bench_core.py

Each module ``bench/bench_<topic>.py`` exposes ``run(report)``; it calls
``report(name, seconds, note="")`` with a list of timings in seconds. Timings are
noisy on shared machines: compare medians and ratios, not single runs.
"""

import importlib
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/argmap_bench"


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "argmap.settings")
    os.environ.setdefault("DEBUG", "1")
    ensure_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    # The pages' benchmarks make thousands of requests: no log line for each between results.
    logging.getLogger("argmap.requests").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


class Report:
    def __init__(self):
        self.rows = []

    def __call__(self, name: str, seconds: list[float], note: str = "") -> float:
        median = statistics.median(seconds)
        row = {
            "name": name,
            "median_ms": round(median * 1000, 2),
            "min_ms": round(min(seconds) * 1000, 2),
            "runs": len(seconds),
            "note": note,
        }
        self.rows.append(row)
        print(
            f"{name:<58} median {row['median_ms']:>9.2f} ms  min {row['min_ms']:>9.2f} ms"
            f"  n={row['runs']:<3} {note}",
            flush=True,
        )
        return median


def timed(function, runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` calls, after one warm-up call."""
    function()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return seconds


def main(selected: list[str]) -> None:
    setup_django()
    report = Report()
    modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    for name in modules:
        if selected and name.removeprefix("bench_") not in selected:
            continue
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").run(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(report.rows, indent=1))
    print(f"Results in {results / 'latest.json'}")


if __name__ == "__main__":
    main(sys.argv[1:])
