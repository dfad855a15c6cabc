"""Faults around writing results: killed builds, read-only folders, a full disk.

Everything runs for real in subprocesses: ``build`` is killed with SIGKILL,
the output folder is made unwritable (by a user who may not write there, or
a read-only filesystem mounted in a private mount namespace), and the disk
is filled with ``RLIMIT_FSIZE`` (also as root) or a tiny tmpfs.  Each must
end with exit code 1, a Russian message, and no half-written or temporary
file left behind.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_batch_build import copy_examples

from sferum_cli.batch import build as batch_build
from sferum_cli.batch.build import BuildOptions, build
from sferum_cli.batch.leftovers import remove_stale_temporaries
from sferum_cli.batch.school import Task
from sferum_cli.files import owner_tag

ROOT = Path(__file__).resolve().parent.parent
KIROV = ROOT / "examples" / "kirov-school-32.yaml"
CLI = [sys.executable, "-m", "sferum_cli"]


def env() -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "CI"},
        "PYTHONPATH": str(ROOT),
        "COLUMNS": "100",
    }


def run(
    args: list[str],
    cwd: Path,
    *,
    preexec_fn: Callable[[], None] | None = None,
    prefix: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), *CLI, *args],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=preexec_fn,
    )


def leftovers(folder: Path) -> list[Path]:
    """Temporary files and scratch folders (ours or anyone's) under ``folder``."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.name.endswith(".tmp") or p.name.startswith(".sferum-build-")
    )


def synthetic_schools(folder: Path, count: int) -> Path:
    schools = folder / "schools"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), str(schools), str(count)],
        check=True,
    )
    return schools


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.update(int(c) for c in (task / "children").read_text().split())
    return found


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaps has finished too)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def kill_quietly(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


# --- killed builds ------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc (Linux)")
def test_workers_exit_when_the_build_is_killed(tmp_path: Path) -> None:
    schools = synthetic_schools(tmp_path, 120)
    build = subprocess.Popen(
        [*CLI, "build", str(schools), "-o", str(tmp_path / "out"), "--jobs", "2"],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        assert wait_for(lambda: len(children(build.pid)) >= 2, 120), "no workers started"
        workers = children(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait()
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 5), [
            pid for pid in workers if alive(pid)
        ]
    finally:
        kill_quietly(workers)
        build.kill()
        build.wait()


def test_a_rerun_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    schools = synthetic_schools(tmp_path, 40)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [*CLI, "build", str(schools), "-o", str(out), "--jobs", "1"],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Killed once it is writing schools: its scratch folder is there.
        assert wait_for(lambda: len(list(out.glob("school-*"))) >= 3, 120)
        build.send_signal(signal.SIGKILL)
        build.wait()
    finally:
        build.kill()
        build.wait()
    assert [p.name for p in out.glob(".sferum-build-*")] != []
    # What an interrupted atomic write of a worker leaves (its pid is gone now).
    half = (
        out / "school-00001" / f".prikaz.docx.{owner_tag().split('-')[0]}-{build.pid}.abcd1234.tmp"
    )
    half.write_bytes(b"PK\x03\x04 half a document")

    result = run(["build", str(schools), "-o", str(out), "--jobs", "1"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert leftovers(out) == []


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_only_stale_temporaries_of_our_own_names_are_removed(tmp_path: Path) -> None:
    host = owner_tag().split("-")[0]
    dead, live = _dead_pid(), os.getppid()  # the parent of this test: alive, not us
    school = tmp_path / "school-1"
    (school / "handouts").mkdir(parents=True)
    (school / ".sferum-build.json").write_text("{}")  # a folder a build made
    elsewhere = tmp_path / "notes"  # a folder of the user's, not a build's
    elsewhere.mkdir()
    old = time.time() - 2 * 3600
    plan = {
        # removed: the process that made them is gone, or they are old and unowned
        tmp_path / f".sferum-build-{host}-{dead}-abcd_123": True,
        school / f".prikaz.docx.{host}-{dead}.k2j3h4l5.tmp": True,
        school / "handouts" / f".handout-1А.docx.{host}-{dead}.zz99zz99.tmp": True,
        tmp_path / ".sferum-build-oldstyle": True,
        school / ".pismo.docx.legacy12.tmp": True,
        # kept: a build running right now on the same folder, a fresh unowned one,
        # one from another computer, and anything not named like ours
        tmp_path / f".sferum-build-{host}-{live}-abcd_123": False,
        school / f".prikaz.docx.{host}-{live}.k2j3h4l5.tmp": False,
        school / f".prikaz.docx.0000beef-{dead}.k2j3h4l5.tmp": False,
        school / ".polozhenie.docx.fresh123.tmp": False,
        school / "notes.tmp": False,
        elsewhere / ".draft.txt.legacy12.tmp": False,  # unowned: only in a build's folders
        elsewhere / f".draft.txt.{host}-{dead}.k2j3h4l5.tmp": True,
    }
    for path, _ in plan.items():
        if path.name.startswith(".sferum-build-"):
            path.mkdir()
            (path / "entries.jsonl").write_text("{}\n")
        else:
            path.write_bytes(b"x")
    for path in (
        tmp_path / ".sferum-build-oldstyle",
        school / ".pismo.docx.legacy12.tmp",
        elsewhere / ".draft.txt.legacy12.tmp",
    ):
        os.utime(path, (old, old))
    (tmp_path / ".sferum-build-oldstyle").rename(tmp_path / ".sferum-build-old_styl")
    plan[tmp_path / ".sferum-build-old_styl"] = plan.pop(tmp_path / ".sferum-build-oldstyle")

    removed = set(remove_stale_temporaries(tmp_path))
    assert removed == {path for path, gone in plan.items() if gone}
    for path, gone in plan.items():
        assert path.exists() != gone, path


def _interrupt_after_first(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    real = batch_build.results

    def results(tasks: Iterator[Task], jobs: int) -> Iterator[object]:
        for entry in real(tasks, jobs):
            yield entry
            raise error

    monkeypatch.setattr(batch_build, "results", results)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("a bug")], ids=repr)
def test_an_interrupted_build_marks_its_folder_for_the_next_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    schools = copy_examples(tmp_path / "schools")
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    assert leftovers(out) == []  # a finished build leaves nothing
    host = owner_tag().split("-")[0]
    half = (
        out / schools[0].stem / "handouts" / f".handout-1А.docx.{host}-{_dead_pid()}.x1y2z3w4.tmp"
    )
    half.write_bytes(b"PK\x03\x04 half")  # as a worker killed mid-write leaves it

    _interrupt_after_first(monkeypatch, error)
    with pytest.raises(type(error)):
        build(schools, BuildOptions(outdir=out, force=True))
    (scratch,) = out.glob(".sferum-build-*")
    assert list(scratch.iterdir()) == []  # kept as the mark, without the journal
    # The interrupted process has exited (here it is this one: named as another).
    owner = f"{host}-{os.getpid()}-"
    assert owner in scratch.name
    scratch.rename(out / scratch.name.replace(owner, f"{host}-{_dead_pid()}-"))

    monkeypatch.undo()
    summary = build(schools, BuildOptions(outdir=out))  # unchanged: nothing rebuilt
    assert (summary.built, summary.unchanged) == (0, len(schools))
    assert leftovers(out) == []


def test_a_temporary_below_a_finished_build_goes_when_its_school_is_rebuilt(
    tmp_path: Path,
) -> None:
    """Without a scratch folder the next build does not walk every school's
    folder; a school it rebuilds has its own folder cleared (temporaries of
    versions from before the scratch folder was kept as a mark)."""
    schools = copy_examples(tmp_path / "schools")
    out = tmp_path / "out"
    build(schools, BuildOptions(outdir=out))
    host = owner_tag().split("-")[0]
    first, second = (out / path.stem for path in schools[:2])
    unowned = first / ".prikaz.docx.legacy12.tmp"
    owned = first / "handouts" / f".handout-1А.docx.{host}-{_dead_pid()}.k2j3h4l5.tmp"
    elsewhere = second / f".pismo.docx.{host}-{_dead_pid()}.k2j3h4l5.tmp"
    for path in (unowned, owned, elsewhere):
        path.write_bytes(b"x")
    old = time.time() - 2 * 3600
    os.utime(unowned, (old, old))
    assert remove_stale_temporaries(out) == []  # nothing says a build did not finish

    schools[0].write_bytes(schools[0].read_bytes() + b"\n")
    summary = build(schools, BuildOptions(outdir=out))
    assert (summary.built, summary.unchanged) == (1, len(schools) - 1)
    assert leftovers(out) == [elsewhere]  # its school was not rebuilt


# --- unwritable output --------------------------------------------------------


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can read (pytest's own tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="sferum-faults-"))
    folder.chmod(0o755)
    shutil.copy(KIROV, folder / "school.yaml")
    (folder / "school.yaml").chmod(0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _without_root_powers() -> None:
    """Root minus the capabilities that bypass file permissions (dropped from
    the bounding set, so the program run next never gets them)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # 24 = PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")


def _permissions_apply(folder: Path) -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"],
        capture_output=True,
        check=False,
        preexec_fn=_without_root_powers if os.geteuid() == 0 else None,
    )
    return probe.returncode != 0


DOCUMENT_COMMANDS = {
    "build": lambda out: ["build", "school.yaml", "-o", str(out)],
    "order": lambda out: ["order", "school.yaml", "-o", str(out / "prikaz.docx")],
    "letter": lambda out: ["letter", "school.yaml", "-o", str(out / "pismo.docx")],
    "handouts": lambda out: ["handouts", "school.yaml", "-o", str(out)],
    "email": lambda out: ["email", "school.yaml", "--format", "eml", "-o", str(out / "z.eml")],
}


@pytest.mark.parametrize("command", sorted(DOCUMENT_COMMANDS))
def test_read_only_output_folder(shared_dir: Path, command: str) -> None:
    """Root ignores permissions: as root, the command runs without the
    capabilities that let it (CAP_DAC_OVERRIDE and friends)."""
    out = shared_dir / "out"
    out.mkdir(mode=0o555)
    out.chmod(0o555)
    if not _permissions_apply(out):
        pytest.skip("cannot drop root's permission bypass here (no CAP_SETPCAP)")
    result = run(
        DOCUMENT_COMMANDS[command](out),
        shared_dir,
        preexec_fn=_without_root_powers if os.geteuid() == 0 else None,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "нет прав доступа" in result.stderr
    assert "Traceback" not in result.stderr and "Внутренняя ошибка" not in result.stderr
    assert list(out.rglob("*")) == []


def _private_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "mount", "-t", "tmpfs", "none", "/mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not _private_mount_works(), reason="needs unshare and mount (a private mount namespace)"
)


def _in_tmpfs(out: Path, options: str) -> list[str]:
    """Run the command with ``out`` a fresh tmpfs (``options``), in a mount
    namespace of its own: nothing stays mounted after it."""
    script = f'mount -t tmpfs -o {options} tmpfs "{out}" && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]


# The mount variants cover both writers (the build's and the single-file one);
# the permission and RLIMIT variants above cover every command.
MOUNT_COMMANDS = ["build", "email"]


@needs_mount
@pytest.mark.parametrize("command", MOUNT_COMMANDS)
def test_read_only_filesystem(shared_dir: Path, command: str) -> None:
    out = shared_dir / "out"
    out.mkdir()
    result = run(DOCUMENT_COMMANDS[command](out), shared_dir, prefix=_in_tmpfs(out, "ro,size=1m"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "только для чтения" in result.stderr
    assert "Traceback" not in result.stderr and "Внутренняя ошибка" not in result.stderr


# --- a full disk --------------------------------------------------------------

FILE_SIZE_LIMIT = 2048


def _small_files() -> None:
    # Past the limit write() fails with EFBIG instead of the process being
    # killed by SIGXFSZ: the same as a full disk, as far as the program sees.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


def assert_nothing_partial(out: Path, limit: int) -> None:
    assert leftovers(out) == []
    for path in out.rglob("*"):
        if path.is_file():  # a file cut by the limit would be exactly that long
            assert path.stat().st_size < limit, path


@pytest.mark.parametrize("command", sorted(DOCUMENT_COMMANDS))
def test_disk_full(tmp_path: Path, command: str) -> None:
    shutil.copy(KIROV, tmp_path / "school.yaml")
    out = tmp_path / "out"
    out.mkdir()
    result = run(DOCUMENT_COMMANDS[command](out), tmp_path, preexec_fn=_small_files)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "больше разрешённого размера" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "Внутренняя ошибка" not in result.stderr
    assert_nothing_partial(out, FILE_SIZE_LIMIT)


@needs_mount
@pytest.mark.parametrize("command", MOUNT_COMMANDS)
def test_disk_full_on_a_small_filesystem(shared_dir: Path, command: str) -> None:
    out = shared_dir / "out"
    out.mkdir()
    args = DOCUMENT_COMMANDS[command](out)
    # The check runs inside the namespace too: the tmpfs is gone afterwards.
    check = (
        f'{sys.executable} -c "import sys, pathlib; '
        f"p = pathlib.Path(sys.argv[1]); "
        f"print('\\n'.join(str(f.relative_to(p)) + ' ' + str(f.stat().st_size) "
        f'for f in p.rglob(\'*\') if f.is_file()))" "{out}"'
    )
    script = (
        # One page, taken by a one-byte file: not a byte left for the command.
        f'mount -t tmpfs -o size=4k tmpfs "{out}" && printf x > "{out}/filler" && "$@"; code=$?; '
        f'echo "--- files"; {check}; exit $code'
    )
    result = run(
        args,
        shared_dir,
        prefix=["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"],
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "на диске нет места" in result.stderr, result.stderr
    listing = result.stdout.split("--- files", 1)[1].split()
    assert listing == ["filler", "1"]  # nothing half-written, no temporaries
