"""Run every quality evaluation under bench/eval/ (``make eval``; CI does not need it).

    python bench/eval/run.py            # every eval_*.py module
    python bench/eval/run.py units      # only eval_units.py

Each module ``bench/eval/eval_<topic>.py`` exposes ``run(report)`` and calls
``report(name, result, note="")`` with a dict of figures (precision, recall, f1, ...).
The corpora are read from ../shared/corpora/ (or $ARGMAP_CORPORA); a module whose corpus
is missing says so and reports nothing.
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def report(name: str, result: dict, note: str = "") -> dict:
    figures = "  ".join(
        f"{key} {value:.3f}" if isinstance(value, float) else f"{key} {value}"
        for key, value in result.items()
    )
    print(f"{name:<40} {figures}" + (f"  ({note})" if note else ""), flush=True)
    return result


def main(topics: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "argmap.settings")
    import django

    django.setup()
    modules = Path(__file__).parent.glob("eval_*.py")
    names = topics or sorted(path.stem.removeprefix("eval_") for path in modules)
    for name in names:
        print(f"== {name}")
        importlib.import_module(f"bench.eval.eval_{name}").run(report)


if __name__ == "__main__":
    main(sys.argv[1:])
