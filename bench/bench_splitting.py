"""Splitting in linear time: five kinds of 2 MiB text, each under 2 s and the worst under
3x the normal news text (issue 11). Peak memory is measured in a separate run."""

import time
import tracemalloc

from argmap.articles.splitting import split_article
from bench.run import ROOT, timed

SIZE = 2 * 1024 * 1024


def _fill(piece: str) -> str:
    text = piece * (SIZE // len(piece.encode()) + 1)
    return text.encode()[:SIZE].decode("utf-8", "ignore")


def inputs() -> dict[str, str]:
    seed = (ROOT / "seeds" / "who-will-send-troops-to-ukraine.txt").read_text(encoding="utf-8")
    body = "\n\n".join(seed.split("\n\n")[2:-1]) + "\n\n"
    return {
        "normal news text": _fill(body),
        '"He said no. " * N': _fill("He said no. "),
        "abbreviations": _fill("approx. 3 km, i.e. U.S. Gen. J.D. Smith "),
        "one sentence, no full stop": _fill("and the word goes on "),
        "one line per word": _fill("word\n"),
        # Not in the list: 8,000-character sentences that are all connectives.
        "connectives in long sentences": _fill(
            "We went" + ", but they stayed and with care, it works, so we went" * 150 + ". "
        ),
    }


def peak_megabytes(text: str) -> float:
    tracemalloc.start()
    split_article(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def cpu_seconds(text: str) -> float:
    """Processor time of one split: on a shared machine, steadier than wall-clock time."""
    started = time.process_time()
    split_article(text)
    return time.process_time() - started


def run(report) -> None:
    medians = {}
    for name, text in inputs().items():
        units = len(split_article(text).units)
        medians[name] = report(
            f"split 2 MiB: {name}",
            timed(lambda t=text: split_article(t), 3),
            f"{units:,} units, cpu {cpu_seconds(text) * 1000:.0f} ms, "
            f"peak {peak_megabytes(text):.0f} MB; target < 2000 ms",
        )
    worst = max(medians.values())
    print(f"{'':<58} worst / normal {worst / medians['normal news text']:.2f}x (target < 3x)")
