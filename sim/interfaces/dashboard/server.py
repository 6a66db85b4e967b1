"""``cogov dashboard``: serve the classroom dashboard on this machine.

Binds to 127.0.0.1 unless ``--host`` says otherwise, prints the address, and serves every
front-end file from the local Solara asset cache (no internet needed; Solara's telemetry and
version checks are switched off). Solara, uvicorn and the translation table (which reads the
parameter registry) are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
from pathlib import Path

from sim.errors import UserInputError

APP_MODULE = "sim.interfaces.dashboard.app"
DEFAULT_PORT = 8765
DEFAULT_HOST = "127.0.0.1"
#: Set by ``--lesson``: the lesson file new pages start from (read by the app).
LESSON_ENVIRONMENT_VARIABLE = "COGOV_DASHBOARD_LESSON"


def port_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--port must be a whole number from 0 to 65535; got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"--port must be from 0 to 65535 (0 picks a free port); got {value}")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "dashboard",
        help="start the bilingual classroom dashboard in the browser (works offline)",
        description="Start the bilingual classroom dashboard on this machine and print its address.",
    )
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="start-up language (default zh; switch in the page)")
    parser.add_argument(
        "--host", default=DEFAULT_HOST,
        help=f"address to bind (default {DEFAULT_HOST}, this machine only; 0.0.0.0 shares it with the classroom network)",
    )
    parser.add_argument(
        "--lesson", type=Path, default=None, metavar="FILE",
        help="a lesson file (JSON: scenario, seed, interventions by week) that every new page starts from",
    )
    parser.set_defaults(handler=command_dashboard)


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def check_bindable(host: str, port: int) -> None:
    """Fail early, with a clear message, when the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserInputError(
                f"dashboard: cannot listen on --host {host} --port {port} ({exc.strerror}). "
                "Choose another port (for example --port 0 for any free one) or a local address such as 127.0.0.1."
            ) from None


TEMPLATES = Path(__file__).parent / "templates"

#: Solara's page template shows these English messages when the connection to the server is lost
#: or the session cannot be restored; each is replaced by the phrase of the translation table in
#: both languages (the page's language decides which one is seen, see templates/index.html.j2).
TEMPLATE_MESSAGES = {
    "Could not restore session. Please refresh the page.": "app.reloading",
    "App is disconnected, and may not function properly. Please refresh the page.": "app.disconnected",
    "Restoring session…": "app.restoring",
    "Please refresh the page": "app.reloading",
    "Could not restore session. Please refresh.": "app.reloading",
    "Could not restore session. Will refresh in {{autoRefreshCount}} seconds.": "app.reloading",
    "Refresh now": "app.reload_now",
    "Cancel": "app.cancel",
}
#: The overlay shown while the connection is down, and what replaces it.
DISCONNECTED_OVERLAY = (
    '<v-progress-circular indeterminate size="128" style="text-align: center;">Server\n'
    "                disconnected.</v-progress-circular>"
)


def both_languages(key: str) -> str:
    """A phrase of the translation table in both languages, for a page whose language decides."""
    from html import escape

    from sim.interfaces.dashboard.i18n import text

    return "".join(
        f'<span class="cogov-i18n" lang="{"zh-CN" if lang == "zh" else "en"}">{escape(text(key, lang))}</span>' for lang in ("zh", "en")
    )


def translate_page_template(source: str) -> str:
    """Solara's page template with its connection messages in Chinese and English; fails loudly
    when a message is not found (a Solara upgrade changed the template: update TEMPLATE_MESSAGES)."""
    if DISCONNECTED_OVERLAY not in source:
        raise RuntimeError("Solara's page template changed: its disconnection overlay was not found")
    overlay = (
        '<div class="cogov-disconnected" style="text-align:center;color:white;font-size:22px;line-height:1.6">'
        '<v-progress-circular indeterminate size="64" width="5"></v-progress-circular>'
        f'<div style="margin-top:12px">{both_languages("app.disconnected")}</div></div>'
    )
    source = source.replace(DISCONNECTED_OVERLAY, overlay)
    for english, key in TEMPLATE_MESSAGES.items():
        # only where it is the text of an element (never a name in the page's script)
        source, found = re.subn(rf"((?:>|%\}})\s*){re.escape(english)}(\s*(?:<|\{{%))", lambda m, key=key: m[1] + both_languages(key) + m[2], source)
        if not found:
            raise RuntimeError(f"Solara's page template changed: {english!r} was not found")
    return source


def use_page_template(lang: str) -> None:
    """Serve the page with this package's templates first: the loading screen in the chosen
    language (no Solara badge), Chinese-first fonts and the page language set before anything
    renders. Solara looks for templates only beside the app's package, so its template
    environment is extended here."""
    from solara.server import server as solara_server
    from solara.server import settings

    from sim.interfaces.dashboard.export import CJK_FONT_STACK
    from sim.interfaces.dashboard.i18n import text

    settings.theme.loader = "cogov"
    # After a server restart the session cannot be restored: reload at once (the browser keeps
    # the lesson, so the class comes back), instead of a dialog asking the teacher to.
    settings.theme.force_refresh = True
    original = getattr(solara_server.get_jinja_env, "cogov_original", solara_server.get_jinja_env)

    import jinja2

    class PageLanguageLoader(jinja2.BaseLoader):
        """Solara's loader, this package's templates first, and the page template's ``<html>`` tag
        given its language (the tag sits outside every block, so no template can override it)."""

        def __init__(self, inner: jinja2.FileSystemLoader):
            inner.searchpath.insert(0, str(TEMPLATES))
            self.inner = inner

        def get_source(self, environment, template):
            source, filename, uptodate = self.inner.get_source(environment, template)
            if template == "solara.html.j2":
                source = translate_page_template(source.replace("<html>", '<html lang="{{ cogov_html_lang }}">', 1))
            return source, filename, uptodate

    def jinja_env(app_name: str):
        env = original(app_name)
        if not isinstance(env.loader, PageLanguageLoader):
            env.loader = PageLanguageLoader(env.loader)
        env.globals.update(cogov_loading=text("app.loading", lang), cogov_html_lang="zh-CN" if lang == "zh" else "en",
                           cogov_fonts=CJK_FONT_STACK)
        return env

    jinja_env.cogov_original = original
    solara_server.get_jinja_env = jinja_env


def command_dashboard(args: argparse.Namespace) -> int:
    if args.lesson is not None:
        from sim.interfaces.dashboard.lesson import load_lesson

        load_lesson(args.lesson)  # a bad file is refused here, with its message, before anything starts
        os.environ[LESSON_ENVIRONMENT_VARIABLE] = str(args.lesson.resolve())
    from sim.interfaces.dashboard.i18n import text
    from sim.interfaces.network import exposure_warning, normalise_host, reachable_urls

    host = normalise_host(args.host, "dashboard: --host")
    check_bindable(host, args.port)
    port = args.port or free_port(host)
    os.environ["COGOV_DASHBOARD_LANG"] = args.lang
    os.environ["SOLARA_APP"] = APP_MODULE
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "false")
    os.environ.setdefault("SOLARA_ASSETS_PROXY", "true")

    import warnings

    import uvicorn
    from solara.server import settings

    # Plain http on this machine is intended; Solara's advice about https cookies is noise here.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")

    from sim.interfaces.dashboard.assets import cache_dir, missing_assets

    settings.main.mode = "production"  # no version check, no outside requests from the page
    settings.telemetry.mixpanel_enable = False
    use_page_template(args.lang)
    missing = missing_assets()
    if missing:
        raise UserInputError(
            f"dashboard: {len(missing)} front-end file(s) are missing from {cache_dir()} (first: {missing[0]}), so the "
            "page would need the internet. Reinstall the project (pip install -e .) so that the pinned solara-assets "
            "package matching solara is installed."
        )
    if warning := exposure_warning(host, port):
        print(warning, file=sys.stderr, flush=True)
    print(text("server.running", args.lang, address=reachable_urls(host, port)[0]), flush=True)
    config = uvicorn.Config("solara.server.starlette:app", host=host, port=port, log_level="warning", access_log=False)
    uvicorn.Server(config).run()
    return 0
