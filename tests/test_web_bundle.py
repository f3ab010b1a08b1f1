"""The lesson page's own code (``web/``): the bundle shipped in the package is built from these
sources (checked without Node.js), and the page's JavaScript unit tests pass.

CI installs Node.js (``.ci/run``) and also rebuilds the bundle there (``npm run check``); here a
test does the same when ``web/node_modules`` is present.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from anatomy_viewer.render.web.page import INDEX_TEMPLATE, PAGE_TEMPLATE

WEB = Path(__file__).resolve().parents[1] / "web"
STAMP = re.compile(r'<meta name="anatomy-viewer-sources" content="([0-9a-f]{64})">')


def sources_digest() -> str:
    """As web/build.mjs sourcesDigest(): each file's relative path and bytes, in path order."""
    paths = [*(p for p in (WEB / "src").rglob("*") if p.is_file())]
    paths += [WEB / "build.mjs", WEB / "package.json", WEB / "package-lock.json"]
    digest = hashlib.sha256()
    for name, path in sorted((p.relative_to(WEB).as_posix(), p) for p in paths):
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def node() -> str:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is not installed: .ci/run installs nodejs for the page's tests")
        pytest.skip(
            "Node.js is not installed (apt-get install nodejs): the page's JS tests need it"
        )
    return found


@pytest.mark.parametrize("template", [PAGE_TEMPLATE, INDEX_TEMPLATE], ids=lambda p: p.name)
def test_the_shipped_bundle_was_built_from_the_sources_in_web(template):
    """Editing web/ without `npm run build` (or committing a stale build) fails here, with or
    without Node.js."""
    found = STAMP.findall(template.read_text(encoding="utf-8"))
    assert found == [sources_digest()], (
        f"{template.name} is stale: run `npm ci && npm run build` in web/ and commit the result"
    )


def test_the_bundle_is_inline_and_safe_inside_its_script_element():
    text = PAGE_TEMPLATE.read_text(encoding="utf-8")
    assert text.count("</script>") == 2 and "<!--" not in text.split("<script>", 1)[1]
    assert "src=" not in re.sub(r"<script>.*?</script>", "", text, flags=re.S)  # nothing loaded
    assert "Three.js Authors" in text and "SPDX-License-Identifier: MIT" in text  # its licence


def test_the_pages_javascript_unit_tests_pass():
    tests = sorted(str(p.relative_to(WEB)) for p in (WEB / "test").glob("*.test.mjs"))
    assert tests
    run = subprocess.run(
        [node(), "--test", *tests], cwd=WEB, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"^# fail 0$", run.stdout, re.M), run.stdout[-2000:]


def test_a_fresh_build_is_byte_identical_to_the_shipped_one():
    if not (WEB / "node_modules" / "esbuild").is_dir():
        if os.environ.get("CI"):
            pytest.fail("web/node_modules is missing: .ci/run runs `npm ci` in web/ first")
        pytest.skip(
            "web/node_modules is missing (run `npm ci` in web/): the rebuild check needs it"
        )
    run = subprocess.run(
        [node(), "build.mjs", "--check"], cwd=WEB, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
