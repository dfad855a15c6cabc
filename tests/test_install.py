"""Every documented install command works as written, and the command it installs runs.

The commands come from README's «Установка» and from examples/ci/; each runs
in its own sandbox (tool folders, a virtual environment) next to a folder
``sferum-cli`` that is this repository, as README says.  Nothing reaches the
network: uv (and pipx, which drives uv when it is on PATH) installs offline from
uv's cache, the one `uv sync` filled; pip gets no index at all and finds the
dependencies and the build backend (hatchling) in this checkout's environment.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from sferum_cli import __version__

ROOT = Path(__file__).resolve().parent.parent
INSTALLERS = ("uv tool install", "pipx install", "pip install")


def _readme_install_block() -> list[str]:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("## Установка", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "README «Установка» has no bash block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]


def _ci_install_commands() -> list[str]:
    found = []
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        text = yaml.safe_load((ROOT / "examples" / "ci" / name).read_text(encoding="utf-8"))
        stack = [text]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, str):
                found += [c for c in node.splitlines() if c.strip().startswith(INSTALLERS)]
    return [c.strip() for c in found if c.strip() != "pip install uv"]


def test_install_section_comes_before_any_bare_command() -> None:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    install = readme.index("## Установка")
    first_bare = re.search(r"(?m)^(?!uv run )sferum-cli \w", readme)
    assert first_bare is not None
    assert install < first_bare.start()
    commands = [c for c in _readme_install_block() if c]
    assert {c.rsplit(" ", 1)[0] for c in commands if c.startswith(INSTALLERS)} == set(INSTALLERS)
    assert "sferum-cli --version" in commands
    assert "uv tool install sferum-cli" not in readme  # not on the package index


_PURELIB = "import sysconfig; print(sysconfig.get_paths()['purelib'])"


def _deps_dir() -> str:
    import sysconfig

    return sysconfig.get_paths()["purelib"]


def _sandbox(tmp_path: Path, name: str) -> tuple[Path, dict[str, str]]:
    home = tmp_path / name
    home.mkdir()
    (home / "sferum-cli").symlink_to(ROOT, target_is_directory=True)
    bin_dir = home / "bin"
    env = {
        **os.environ,
        "HOME": str(home),
        "UV_TOOL_DIR": str(home / "uv-tools"),
        "UV_TOOL_BIN_DIR": str(bin_dir),
        "PIPX_HOME": str(home / "pipx"),
        "PIPX_BIN_DIR": str(bin_dir),
        "PIPX_MAN_DIR": str(home / "man"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INDEX": "1",
        "UV_OFFLINE": "1",
        "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache")),
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
    }
    env.pop("VIRTUAL_ENV", None)
    path = [str(bin_dir)]
    if name == "pip-install":  # «в активное виртуальное окружение»
        venv.create(home / "venv", with_pip=True)
        path.insert(0, str(home / "venv" / "bin"))
        env["VIRTUAL_ENV"] = str(home / "venv")
        # The environment already has the dependencies (those of this checkout's
        # environment, through a .pth file): pip checks they satisfy the
        # requirements and builds and installs sferum-cli itself, in a minute less.
        purelib = subprocess.run(
            [str(home / "venv" / "bin" / "python"), "-c", _PURELIB], capture_output=True, text=True
        ).stdout.strip()
        Path(purelib, "dependencies.pth").write_text(_deps_dir() + "\n", encoding="utf-8")
        # pip's isolated build would fetch hatchling from the index; this one
        # builds with the hatchling of that environment (pip reads "0" as "off").
        env["PIP_NO_BUILD_ISOLATION"] = "0"
    # the installers themselves (uv, and pipx from the dev environment), never sferum-cli
    tools = home / "tools"
    tools.mkdir()
    for tool in ("uv", "pipx"):
        found = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
        if found:
            (tools / tool).symlink_to(found)
    env["PATH"] = os.pathsep.join([*path, str(tools), "/usr/bin", "/bin"])
    return home, env


@pytest.mark.slow
@pytest.mark.parametrize("installer", INSTALLERS)
def test_documented_install_command_works(tmp_path: Path, installer: str) -> None:
    commands = [c for c in _readme_install_block() if c.startswith(installer)]
    if installer == "uv tool install":
        commands += _ci_install_commands()
    assert commands
    for command in dict.fromkeys(commands):
        home, env = _sandbox(tmp_path, installer.replace(" ", "-"))
        done = subprocess.run(
            shlex.split(command), cwd=home, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"{command}:\n{done.stderr[-2000:]}"
        where = subprocess.run(
            ["sh", "-c", "command -v sferum-cli"], env=env, capture_output=True, text=True
        ).stdout.strip()
        assert Path(where).is_relative_to(home), where
        version = subprocess.run(
            shlex.split("sferum-cli --version"), cwd=home, env=env, capture_output=True, text=True
        )
        assert version.stdout.strip() == f"sferum-cli {__version__}", version.stderr
        # installed, not linked to this checkout
        (home / "sferum-cli").unlink()
        again = subprocess.run(
            ["sferum-cli", "validate", "--help"], cwd=home, env=env, capture_output=True, text=True
        )
        assert again.returncode == 0, again.stderr
        shutil.rmtree(home)
