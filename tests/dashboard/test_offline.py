"""Every front-end file the page loads is on this machine (no internet needed)."""

from __future__ import annotations

from sim.interfaces.dashboard import assets


def test_page_assets_are_all_cached_locally():
    missing = assets.missing_assets()
    assert not missing, (
        f"{len(missing)} front-end files are not in {assets.cache_dir()} (e.g. {missing[:3]}); the page would need "
        "the internet. Install the solara-assets version pinned in pyproject.toml (pip install -e .)."
    )


def test_required_assets_include_the_application_bundle_loader_and_fonts():
    required = assets.required_assets()
    major = assets.ipywidgets_major_version()
    assert any(p.endswith(f"solara-vuetify-app{major}.min.js") for p in required)
    assert any(p.startswith("requirejs@") and p.endswith("require.js") for p in required)
    assert any(p.startswith("font-awesome@") and p.endswith(".css") for p in required)
    assert any(p.endswith(".woff2") for p in required), "fonts referenced by the stylesheets were not followed"
