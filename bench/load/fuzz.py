"""Schema-driven fuzzing of the whole API with the production settings: gunicorn (2 workers,
DEBUG off, PostgreSQL) as in the load test, schemathesis (`st run`) from a second process with
an editor's token against every operation of /api/schema/. Fails on any 5xx.

    make fuzz                          # or: python bench/load/fuzz.py
    FUZZ_EXAMPLES=50 python bench/load/fuzz.py

Output and the app's log go to bench/results/fuzz/. Exit status 1 when a check fails.
"""

import os
import subprocess
import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load.run import (  # noqa: E402 (the checkout's root goes on the path first)
    BIN,
    HOST,
    ROOT,
    app_server,
    seed,
    step,
)

OUT = ROOT / "bench" / "results" / "fuzz"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))


def _token(plan: dict) -> str:
    account = plan["users"][0]
    response = requests.post(
        HOST + "/api/auth/token/",
        json={"username": account["username"], "password": account["password"]},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["token"]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    plan = seed(OUT / "plan.json")
    with app_server(OUT / "app.log") as up:
        if not up:
            return 1
        step(f"schemathesis: every operation, {EXAMPLES} examples each, production settings")
        result = subprocess.run(
            [
                str(BIN / "st"),
                "run",
                f"{HOST}/api/schema/",
                "--header",
                f"Authorization: Token {_token(plan)}",
                "--checks",
                "not_a_server_error",
                "--max-examples",
                str(EXAMPLES),
                "--seed",
                "1",
                # Revoking the run's own token would leave every later operation a 401;
                # tests/test_security_holes_tokens.py covers these two.
                "--exclude-operation-id",
                "auth_token_destroy",
                "--exclude-operation-id",
                "auth_tokens_revoke_all",
            ],
            cwd=ROOT,
            stdout=open(OUT / "schemathesis.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            timeout=1200,
        )
    report = (OUT / "schemathesis.log").read_text()
    print("\n".join(report.splitlines()[-25:]))
    # The request log writes level ERROR for every 5xx answer.
    server_errors = sum(
        '"logger": "argmap.requests"' in line and '"level": "ERROR"' in line
        for line in (OUT / "app.log").read_text().splitlines()
    )
    step(f"schemathesis exit status {result.returncode}; 5xx in the app's log: {server_errors}")
    return 0 if result.returncode == 0 and not server_errors else 1


if __name__ == "__main__":
    sys.exit(main())
