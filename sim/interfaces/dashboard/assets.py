"""Front-end files the dashboard page needs, and whether they are on this machine.

Solara's page template loads its JavaScript and CSS from a CDN URL; with the assets proxy on
(the default in ``solara run`` and in :mod:`sim.interfaces.dashboard.server`) those URLs are served from
``solara.server.settings.assets.proxy_cache_dir``, which the ``solara-assets`` package fills at
install time. A file missing there would be fetched from the internet, which a classroom may
not have: :func:`missing_assets` lists such files so the server can refuse to start with a
clear message, and the tests can fail, instead of a teacher facing a blank page.
"""

from __future__ import annotations

import re
from pathlib import Path

#: ``{{cdn}}/package@version/file`` references in Solara's page template.
_CDN_REFERENCE = re.compile(r"\{\{\s*cdn\s*\}\}([/{][^\"'\s]+)")


def page_template() -> Path:
    import solara.server

    return Path(solara.server.__file__).parent / "templates" / "solara.html.j2"


def ipywidgets_major_version() -> str:
    import ipywidgets

    return ipywidgets.__version__.split(".")[0]


def required_assets() -> list[str]:
    """Asset paths (relative to the CDN root) that the page loads with Vuetify 2 and this ipywidgets.

    References in the template's Vuetify 3 branch are skipped: ``ipyvuetify<2`` is pinned.
    """
    from solara.server import settings

    source = page_template().read_text(encoding="utf-8")
    version = ipywidgets_major_version()
    paths = []
    for match in _CDN_REFERENCE.finditer(source):
        path = match.group(1)
        path = path.replace("{{ipywidget_major_version}}", version)
        path = path.replace("{{assets.fontawesome_path}}", settings.assets.fontawesome_path)
        if "vuetify3" in path:
            continue
        if "{{" in path:
            raise ValueError(f"unexpected template variable in asset path {path!r} of {page_template()}")
        paths.append(path.lstrip("/"))
    for stylesheet in [p for p in paths if p.endswith(".css")]:
        paths.extend(_stylesheet_references(stylesheet))
    return sorted(set(paths))


def _stylesheet_references(stylesheet: str) -> list[str]:
    """Relative ``url(...)`` files (fonts) that a cached stylesheet loads."""
    cached = cache_dir() / stylesheet
    if not cached.is_file():
        return []
    found = []
    for reference in re.findall(r"url\(['\"]?([^'\")?#]+)", cached.read_text(encoding="utf-8", errors="replace")):
        if reference.startswith(("data:", "http:", "https:", "//")):
            continue
        resolved = (Path(stylesheet).parent / reference).as_posix()
        parts: list[str] = []
        for part in resolved.split("/"):
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        found.append("/".join(parts))
    return found


def cache_dir() -> Path:
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def missing_assets() -> list[str]:
    """Required asset paths that are not in the local cache (empty when the page works offline)."""
    root = cache_dir()
    return [path for path in required_assets() if not (root / path).is_file()]
