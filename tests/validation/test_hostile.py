"""Every hostile package of bench/hostile.py gets its expected outcome, confined.

Each case runs ``jihadistds validate`` in a fresh process under an audit hook
(:func:`sys.addaudithook`) that logs every file Python opens and every socket call. The
case must exit as stated, report the rules stated, print nothing planted outside the
package, print one line per problem, and open no file outside the package folder (and
``--sources``) other than Python's and the installed libraries' own. Time and memory at full
size are measured by ``python bench/hostile.py`` (bench/HOSTILE.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from hostile import CASES, SECRET, Case, command  # bench/hostile.py, on pytest's path

from jihadistds import Package
from jihadistds.errors import JihadistdsError

from conftest import ROOT, line_rules

pytestmark = pytest.mark.slow  # a process per case, under strace

TRACE = """
import json, sys
log = open(sys.argv.pop(1), "w", encoding="utf-8")
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        path = args[0] if isinstance(args[0], str) else args[0].decode("utf-8", "replace")
        log.write(json.dumps(["open", path]) + "\\n")
    elif event.startswith("socket."):
        log.write(json.dumps([event, repr(args)[:200]]) + "\\n")
    log.flush()
sys.addaudithook(hook)
sys.argv = ["jihadistds", *sys.argv[1:]]
from jihadistds.cli import main
main()
"""

# Where Python, the installed libraries and this checkout's code live: opened to import.
ALLOWED = {
    Path(p).resolve()
    for p in {
        sys.prefix,
        sys.base_prefix,
        sysconfig.get_paths()["stdlib"],
        sysconfig.get_paths()["purelib"],
        sysconfig.get_paths()["platlib"],
        str(ROOT / "src"),
    }
}
DEVICES = {"/dev/null", "/dev/urandom", "/etc/localtime", "/dev/shm"}


def _allowed(path: Path, inside: list[Path]) -> bool:
    if str(path) in DEVICES or str(path).startswith("/usr/share/zoneinfo"):
        return True
    return any(path.is_relative_to(root) for root in [*ALLOWED, *inside])


def _run_traced(case: Case, pkg: Path, log: Path) -> subprocess.CompletedProcess[str]:
    args = command(case, pkg)[4:]  # after: python -m jihadistds validate
    return subprocess.run(
        [sys.executable, "-c", TRACE, str(log), "validate", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        timeout=120,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_package(tmp_path: Path, case: Case) -> None:
    pkg = case.build(tmp_path, 1)
    log = tmp_path / "trace.jsonl"
    result = _run_traced(case, pkg, log)
    out = result.stdout + result.stderr
    assert result.returncode == case.exit, out[-3000:]
    assert "Traceback" not in out and "a bug in jihadistds" not in out, out[-3000:]
    assert SECRET not in out
    lines = result.stdout.splitlines()
    # One line per problem and a summary; no package text starts a line of its own.
    assert lines and lines[-1].startswith(("valid:", "invalid:", "unreadable:")), out[-2000:]
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert sum(line.startswith(("valid:", "invalid:", "unreadable:")) for line in lines) == 1
    assert "\x1b" not in out and "\x07" not in out
    reported = set().union(*(line_rules(line) for line in lines[:-1]))
    assert case.rules <= reported, out[-3000:]
    inside = [pkg.resolve(), *(Path(a).resolve() for a in case.args(pkg)[1:2])]
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert not [e for e in events if e[0] != "open"], "a socket was used"
    opened = {Path(e[1]) if Path(e[1]).is_absolute() else Path.cwd() / e[1] for e in events}
    assert pkg / "datapackage.json" in opened, "the trace saw nothing: the hook is not working"
    strays = sorted(str(p) for p in opened if not _allowed(p.resolve(), inside) and p != log)
    assert not strays, f"files opened outside the package: {strays}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_library_raises_only_its_own_errors(tmp_path: Path, case: Case) -> None:
    pkg = case.build(tmp_path, 1)
    try:
        package = Package(pkg)
        report = package.validate()
        if not case.args(pkg):  # the library call has no --sources
            assert report.valid == (case.exit == 0)
        for name in package.resources():
            package.load(name)
            package.records(name)
    except JihadistdsError:
        pass


def test_json_output_stays_json_for_every_case(tmp_path: Path) -> None:
    for i, case in enumerate(CASES):
        (tmp_path / str(i)).mkdir()
        pkg = case.build(tmp_path / str(i), 1)
        result = subprocess.run(command(case, pkg, "json"), capture_output=True, timeout=120)
        report = json.loads(result.stdout.decode("utf-8"))
        assert report["valid"] == (case.exit == 0), case.name
        assert SECRET.encode() not in result.stdout


# The system's own files a process may open whatever it runs: the dynamic loader's cache,
# shared libraries, locale and time zone data, OpenSSL's configuration, and what the memory
# allocators and thread pools read about the machine.
SYSTEM = (
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/ssl/",
    "/lib/",
    "/lib64/",
    "/usr/lib/",
    "/usr/lib64/",
    "/usr/share/locale/",
    "/usr/share/zoneinfo/",
    "/proc/sys/vm/",
    "/proc/self/",
    "/sys/devices/system/cpu/",
    "/sys/fs/cgroup/",
    "/sys/kernel/mm/",
    "/dev/null",
    "/dev/urandom",
    "/dev/shm/",
)
STRACE = shutil.which("strace")


def _strace_works() -> bool:
    if STRACE is None:
        return False
    return subprocess.run([STRACE, "-f", "-qq", "-o", os.devnull, "true"]).returncode == 0


@pytest.mark.skipif(
    not os.environ.get("JDS_REQUIRE_STRACE") and not _strace_works(),
    reason="strace is not installed or cannot trace here (.ci/run installs it and says so)",
)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_system_calls_stay_in_the_package(tmp_path: Path, case: Case) -> None:
    """The same cases under strace: every file the kernel is asked to open, by Python or by
    native code (Arrow opens the CSVs itself), and every socket."""
    assert STRACE is not None, "JDS_REQUIRE_STRACE is set but strace is not installed"
    pkg = case.build(tmp_path, 1)
    log = tmp_path / "strace.txt"
    result = subprocess.run(
        [
            STRACE,
            "-f",
            "-qq",
            "-e",
            "trace=open,openat,openat2,creat,socket,connect",
            "-o",
            str(log),
            *command(case, pkg),
        ],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == case.exit, result.stderr[-2000:]
    calls = log.read_text(encoding="utf-8", errors="replace").splitlines()
    sockets = [c for c in calls if " socket(" in c or " connect(" in c]
    assert not sockets, sockets[:5]
    inside = [pkg.resolve(), *(Path(a).resolve() for a in case.args(pkg)[1:2])]
    # Python lists the folder it runs in and its subfolders to import from them (``-m`` puts
    # it on sys.path; frictionless looks there for plugins): directories, not files read.
    here = str(tmp_path)
    opened = {
        m.group(1)
        for c in calls
        if (m := re.search(r'open(?:at2?)?\([^"]*"([^"]*)"', c))
        and not (
            "O_DIRECTORY" in c and (m.group(1) == here or str(Path(m.group(1)).parent) == here)
        )
    }
    strays = sorted(
        p
        for p in opened
        if not p.startswith(SYSTEM)
        and not _allowed(Path(p) if p.startswith("/") else Path.cwd() / p, inside)
    )
    assert not strays, f"files opened outside the package: {strays}"
    assert any(p.endswith("datapackage.json") for p in opened), "the trace saw nothing"
