"""The installed (non-editable) wheel finds every bundled template and data file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from sferum_cli.documents.kinds import KINDS
from sferum_cli.onboarding.roles import ROLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_installed_wheel_finds_every_template(tmp_path: Path) -> None:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the wheel (pip install uv)")
    dist = tmp_path / "dist"
    # Offline: the build backend (hatchling, a dev dependency) comes from this
    # environment rather than from the package index.
    subprocess.run(
        [
            *(uv, "build", "--wheel", "--offline", "--no-build-isolation"),
            *("--python", sys.executable, "--out-dir", str(dist), str(ROOT)),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("sferum_cli-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    # A real, non-editable install; dependencies are not needed to look up files.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    expected = sorted(
        str(p.relative_to(ROOT / "templates"))
        for p in (ROOT / "templates").rglob("*")
        if p.is_file()
    )
    assert expected, "templates/ is empty"
    script = (
        "import json, pathlib\n"
        "from sferum_cli.resources import templates_root, template_path\n"
        "root = templates_root()\n"
        "names = sorted(str(p.relative_to(root)) for p in root.rglob('*') if p.is_file())\n"
        "for n in names: template_path(n)\n"
        "from sferum_cli.documents.kinds import KINDS\n"
        "kinds = [str(template_path(k.template).relative_to(root)) for k in KINDS]\n"
        "from sferum_cli.onboarding.roles import ROLES\n"
        "from sferum_cli.onboarding import steps\n"
        "roles = [r.name for r in ROLES if callable(getattr(steps, r.name))]\n"
        "from sferum_cli import registries\n"
        "data = str(registries.PATH)\n"
        "print(json.dumps({'root': str(root), 'names': names, 'kinds': kinds, 'roles': roles,"
        " 'registries': data}))\n"
    )
    out = subprocess.run(
        [str(python), "-I", "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout
    import json

    found = json.loads(out)
    assert Path(found["root"]).is_relative_to(Path(site))
    assert found["names"] == expected
    # Every document kind of the registry finds its template in the wheel.
    assert found["kinds"] == [kind.template for kind in KINDS]
    # So does every checklist role (its steps are code of the package).
    assert found["roles"] == [role.name for role in ROLES]
    # Both registries are read from the data file shipped inside the package.
    assert Path(found["registries"]).is_relative_to(Path(site))
    assert Path(found["registries"]).name == "registries.toml"
    assert sys.prefix != str(env_dir)

    # The table of job-title forms (sferum_cli/grammar/position_table.json) ships too.
    table = subprocess.run(
        [
            str(python),
            "-I",
            "-c",
            "from sferum_cli.grammar import positions\n"
            "print(positions.TABLE_PATH)\n"
            "print(positions.decline_with('учитель', 'dative', positions.table_parses))\n",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.split("\n")
    assert Path(table[0]).is_relative_to(Path(site))
    assert table[1] == "учителю"
