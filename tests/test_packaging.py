"""The wheel carries everything a build needs: the code, the question library, the page's scripts and the
ontology folder (mapped into the package as `kg/knowledge/data` at build time). Built here, unpacked outside
the checkout, and run from there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel with pip in a subprocess (seconds)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("kg", "ontology"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path_factory.mktemp("wheels")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(wheels)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(next(wheels.glob("*.whl"))) as whl:
        whl.extractall(target)
    return target


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_the_wheel_holds_the_ontology_and_reads_it_from_inside_the_package(unpacked, tmp_path):
    found = run_installed(unpacked, tmp_path, "-c", "from kg.knowledge.ontology import ONTOLOGY_DIR; print(ONTOLOGY_DIR)")
    assert Path(found.stdout.strip()) == unpacked / "kg" / "knowledge" / "data", found.stderr
    for name in ("conflict.ttl", "shapes.ttl", "crosswalk.json", "lexicon/events.json", "gazetteer/countries.tsv"):
        assert (unpacked / "kg" / "knowledge" / "data" / name).is_file(), name
    listing = run_installed(unpacked, tmp_path, "-m", "kg", "query", "--list")
    assert listing.returncode == 0 and "timeline" in listing.stdout, listing.stderr


@pytest.mark.model
def test_the_installed_wheel_builds_the_seeds(unpacked, tmp_path):
    built = run_installed(unpacked, tmp_path, "-m", "kg", "build", str(ROOT / "seeds"), "-o", str(tmp_path / "out"), "-q")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0 and (tmp_path / "out" / "graph.html").stat().st_size > 0
    asked = run_installed(unpacked, tmp_path, "-m", "kg", "query", str(tmp_path / "out"), "--name", "timeline", "--format", "csv")
    assert asked.returncode == 0 and len(asked.stdout.splitlines()) > 1, asked.stderr
