"""The Nu HTML Checker (npm vnu-jar) reports no error on any generated page."""

from __future__ import annotations

import shutil
import subprocess

from browserkit import VNU_JAR, Site, missing_tool


def test_every_page_is_valid_html(site: Site) -> None:
    if not VNU_JAR.is_file():
        missing_tool(f"{VNU_JAR} missing; run `npm ci`")
    java = shutil.which("java")
    if not java:
        missing_tool("java is not installed")
    proc = subprocess.run([java, "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only", str(site.dir)],
                          capture_output=True, text=True, timeout=300)
    report = (proc.stdout + proc.stderr).replace(site.dir.as_uri(), "")
    assert proc.returncode == 0 and not report.strip(), report[:6000]
