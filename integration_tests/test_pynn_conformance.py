"""PyNN's own system scenarios (PyNN 0.13.0 test/system/scenarios) run on spynn.

The scenarios are run by the shared harness ``run_pynn_scenarios.py`` (each one
in its own subprocess) with ``--xfail pynn_known_failures.txt``.  The test fails

* when a scenario that is not on the known-failures list fails (a regression), and
* when a listed scenario passes (XPASS): delete its line from the list, so the
  list can only shrink.

Environment:
  PYNN_SCENARIOS    the scenarios folder (e.g. .../pynn-0.13.0/test/system/scenarios);
                    without it the harness finds it next to the installed pyNN or
                    downloads the pyNN sdist once with pip into ~/.cache/pynn-scenarios.
  PYNN_HARNESS      path of run_pynn_scenarios.py (default: ../shared/conformance/
                    beside this checkout).
  PYNN_SCENARIO_TIMEOUT  seconds per scenario (default 300).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KNOWN_FAILURES = HERE / "pynn_known_failures.txt"
DEFAULT_HARNESS = REPO.parent / "shared" / "conformance" / "run_pynn_scenarios.py"
JOBS = 2
SCENARIO_TIMEOUT = float(os.environ.get("PYNN_SCENARIO_TIMEOUT", "300"))
#: the whole run; 66 scenarios take about 20 s now, so this only stops a hang.
TOTAL_TIMEOUT = 3600.0


def read_known_failures(path: Path | None = None) -> dict[str, str]:
    """Scenario id -> reason, parsed the way the harness reads --xfail (id, then '# reason')."""
    out: dict[str, str] = {}
    for line in (path or KNOWN_FAILURES).read_text().splitlines():
        entry, _, reason = line.partition("#")
        entry = entry.strip()
        if entry:
            out[entry] = reason.strip()
    return out


def harness_path() -> Path:
    return Path(os.environ.get("PYNN_HARNESS", DEFAULT_HARNESS))


def test_known_failures_file_is_well_formed():
    """Every entry has a reason and appears once (cheap: no scenario is run)."""
    ids, problems = [], []
    for n, line in enumerate(KNOWN_FAILURES.read_text().splitlines(), 1):
        entry, _, reason = line.partition("#")
        entry = entry.strip()
        if not entry:
            continue
        ids.append(entry)
        if len(entry.split()) != 1 or entry.count(".") != 1:
            problems.append(f"line {n}: {entry!r} is not one '<module>.<function>' id")
        if not reason.strip():
            problems.append(f"line {n}: {entry} has no '# reason'")
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"listed more than once: {duplicates}")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_pynn_scenarios(tmp_path, capsys):
    harness = harness_path()
    if not harness.is_file():
        pytest.skip(f"PyNN scenario harness not found at {harness} (set PYNN_HARNESS)")
    known = read_known_failures()
    out_json = tmp_path / "scenarios.json"
    cmd = [
        sys.executable,
        str(harness),
        "spynn",
        "-j",
        str(JOBS),
        "--timeout",
        str(SCENARIO_TIMEOUT),
        "--xfail",
        str(KNOWN_FAILURES),
        "--json",
        str(out_json),
        "--path",
        str(REPO),
        "--exit-zero",
    ]
    if os.environ.get("PYNN_SCENARIOS"):
        cmd += ["--scenarios", os.environ["PYNN_SCENARIOS"]]
    proc = subprocess.run(
        cmd,
        check=False,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        timeout=TOTAL_TIMEOUT,
    )
    lines = proc.stdout.strip().splitlines()
    summary = [ln for ln in lines if ln.startswith("# ") and " scenarios in " in ln] + lines[-1:]
    with capsys.disabled():
        print("\nPyNN scenarios on spynn: " + " | ".join(summary))
    assert proc.returncode == 0 and out_json.is_file(), (
        f"the harness did not run (exit {proc.returncode}); set PYNN_SCENARIOS to PyNN 0.13.0's "
        f"test/system/scenarios if it cannot find or download them:\n{proc.stdout[-3000:]}"
    )

    results = json.loads(out_json.read_text())["results"]
    by_status: dict[str, list[dict]] = {}
    for r in results:
        by_status.setdefault(r["status"], []).append(r)
    seen = {r["id"] for r in results}

    problems = []
    unexpected = by_status.get("FAIL", []) + by_status.get("ERROR", [])
    if unexpected:
        problems.append(
            f"{len(unexpected)} scenario(s) failed that are not in {KNOWN_FAILURES.name} "
            "(a regression; fix it, or list it there with the reason):"
        )
        problems += [f"  {r['status']:<5} {r['id']}: {r.get('reason', '')}" for r in unexpected]
    xpass = by_status.get("XPASS", [])
    if xpass:
        problems.append(
            f"{len(xpass)} listed scenario(s) now pass: remove these lines from "
            f"{os.path.relpath(KNOWN_FAILURES, REPO)} so they stay fixed:"
        )
        problems += [f"  {r['id']}  # {known.get(r['id'], '')}" for r in xpass]
    stale = sorted(set(known) - seen)
    if stale:
        problems.append(
            f"{len(stale)} entr(y/ies) in {KNOWN_FAILURES.name} name no scenario that was run "
            "(typo, or renamed upstream): remove or correct them:"
        )
        problems += [f"  {i}" for i in stale]
    assert not problems, "\n".join(problems + ["", *summary])
