"""Plug-in profiles: a broken one is reported once and never affects the built-in profiles;
one cannot take another profile's id (issue 19, items 3 and 4).

Each test installs a small distribution into a private folder (a ``.dist-info`` with its
``entry_points.txt``, which ``importlib.metadata`` finds on ``sys.path``) and runs the real
command with that folder on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimrules.law.registry import builtin_root

CLAIM = {
    "id": "W-1",
    "claim_type": "water_fee",
    "debtor": {"id": "P-1", "kind": "person"},
    "principal": "1000.00",
    "currency": "NOK",
    "issued_on": "2024-01-05",
    "due_on": "2024-01-20",
    "events": [
        {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
        {"kind": "invoice_dispatched", "on": "2024-01-05", "channel": "post"},
    ],
}


def _distribution(site: Path, entry_points: dict[str, str], name: str = "fake-plugins") -> Path:
    """A distribution ``name`` 1.0 in ``site`` registering ``entry_points``."""
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )
    lines = "".join(f"{key} = {value}\n" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[claimrules.profiles]\n{lines}", encoding="utf-8")
    return site


def _profile_module(site: Path, module: str, profile_id: str) -> None:
    """A module whose folder holds a copy of the Norwegian profile, saying ``id: profile_id``."""
    target = site / module
    shutil.copytree(builtin_root() / "no", target, ignore=shutil.ignore_patterns("orkdal"))
    (target / "__init__.py").write_text("", encoding="utf-8")
    profile = target / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("  id: no\n", f"  id: {profile_id}\n", 1),
        encoding="utf-8",
    )


def _claimrules(site: Path, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    return subprocess.run(
        [sys.executable, "-m", "claimrules", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.jsonl"
    path.write_text(json.dumps(CLAIM) + "\n", encoding="utf-8")
    return path


def test_a_broken_plugin_is_reported_once_and_built_in_profiles_still_work(
    tmp_path: Path, ledger: Path
) -> None:
    site = _distribution(tmp_path / "site", {"zz": "no_such_module"})
    result = _claimrules(
        site, "decide", ledger, "--profile", "no", "--as-of", "2025-01-01", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claim_id"] == "W-1"
    warned = [line for line in result.stderr.splitlines() if "plug-in" in line]
    assert warned == [
        "claimrules: warning: plug-in profile 'zz' (entry point zz = no_such_module of "
        "fake-plugins 1.0) cannot be used: ModuleNotFoundError: No module named "
        "'no_such_module'"
    ]
    assert "Traceback" not in result.stderr


def test_a_broken_plugin_asked_for_by_its_id_is_a_profile_error(
    tmp_path: Path, ledger: Path
) -> None:
    site = _distribution(tmp_path / "site", {"zz": "no_such_module"})
    result = _claimrules(
        site, "decide", ledger, "--profile", "zz", "--as-of", "2025-01-01", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "plug-in profile 'zz'" in result.stderr.splitlines()[-1]
    assert "No module named 'no_such_module'" in result.stderr.splitlines()[-1]


def test_a_plugin_whose_profile_claims_another_id_is_refused(tmp_path: Path, ledger: Path) -> None:
    site = _distribution(tmp_path / "site", {"xx": "fake_national"})
    _profile_module(site, "fake_national", "no")
    refused = _claimrules(
        site, "decide", ledger, "--profile", "xx", "--as-of", "2025-01-01", cwd=tmp_path
    )
    assert refused.returncode == 2, refused.stdout
    message = refused.stderr.strip().splitlines()[-1]
    assert "registered as 'xx' says its id is 'no'" in message
    assert "fake_national/profile.yaml:" in message  # the file and the line of its id
    national = _claimrules(
        site, "decide", ledger, "--profile", "no", "--as-of", "2025-01-01", cwd=tmp_path
    )
    assert national.returncode == 0
    assert json.loads(national.stdout)["profile_id"] == "no"


def test_a_plugin_cannot_take_a_built_in_id(tmp_path: Path, ledger: Path) -> None:
    site = _distribution(tmp_path / "site", {"no": "fake_national"})
    _profile_module(site, "fake_national", "no")
    result = _claimrules(
        site, "decide", ledger, "--profile", "no", "--as-of", "2025-01-01", cwd=tmp_path
    )
    assert result.returncode == 0
    decided = json.loads(result.stdout)
    from claimrules import load_profile

    assert decided["profile_hash"] == load_profile("no").content_hash  # the built-in one
    assert "a built-in profile's id" in result.stderr


def test_a_working_plugin_loads_under_its_id(tmp_path: Path, ledger: Path) -> None:
    site = _distribution(tmp_path / "site", {"xy": "fake_xy", "zz": "no_such_module"})
    _profile_module(site, "fake_xy", "xy")
    result = _claimrules(
        site, "decide", ledger, "--profile", "xy", "--as-of", "2025-01-01", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profile_id"] == "xy"
