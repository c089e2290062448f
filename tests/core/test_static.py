"""Production serves static files from a manifest (hashed names): collectstatic must succeed
on the whole tree, vendored files included."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_builds_the_manifest(tmp_path: Path, settings) -> None:
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    paths = manifest["paths"]
    assert "vendor/dkfds/css/dkfds.min.css" in paths
    assert "vendor/vega/vega-interpreter.js" in paths
    assert "roret/roret.js" in paths
