"""The wheel a user installs holds everything the package needs at run time: every tracked
file under ldnclinic/ (code, migrations, fonts and their licence, handout texts, the domain's
term lists), read through importlib.resources; nothing outside the package. `.ci/installed`
installs that wheel and prints from it outside the repository."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    """A wheel built from the tracked files only (as a clean checkout would build it)."""
    work = tmp_path_factory.mktemp("wheel")
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    source = work / "src"
    with tarfile.open(work / "src.tar", "w") as archive:
        for name in filter(None, tracked):
            if (ROOT / name).is_file():
                archive.add(ROOT / name, arcname=name)
    with tarfile.open(work / "src.tar") as archive:
        archive.extractall(source, filter="data")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "-w",
        str(work / "dist"),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    (built,) = (work / "dist").glob("ldnclinic-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def tracked_package_files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "ldnclinic"], cwd=ROOT, capture_output=True, check=True, text=True
    )
    return {name for name in listed.stdout.splitlines() if "__pycache__" not in name}


def test_the_wheel_holds_every_file_of_the_package(wheel: zipfile.ZipFile) -> None:
    shipped = {name for name in wheel.namelist() if name.startswith("ldnclinic/")}
    assert tracked_package_files() - shipped == set()


def test_the_run_time_resources_are_in_it(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for needed in (
        "ldnclinic/resources/fonts/DejaVuSans.ttf",
        "ldnclinic/resources/fonts/LICENSE-DejaVu.txt",
        "ldnclinic/resources/handouts/es/starting_ldn.txt",
        "ldnclinic/resources/handouts/en/_notice.txt",
        "ldnclinic/db/migrations/script.py.mako",
        "ldnclinic/domain/data/medication_terms.toml",
    ):
        assert needed in names, needed


def test_nothing_outside_the_package_is_shipped(wheel: zipfile.ZipFile) -> None:
    outside = {name.split("/")[0] for name in wheel.namelist()} - {"ldnclinic"}
    assert all(name.endswith(".dist-info") for name in outside), outside
