"""The two web apps of a classroom session: the teacher's (loopback only) and the students'.

They share one :class:`~sim.interfaces.classroom.session.ClassSession` and run on one event
loop but listen on separate sockets: the teacher's app on 127.0.0.1, the students' on the
interface the teacher names. The teacher's app also refuses, server-side, any request whose
client address is not a loopback address, and any request naming another host (DNS rebinding);
its state-changing calls need a custom header that a foreign web page cannot send.
Students hold a token per role and can only answer their own role's form for the open week.
"""

from __future__ import annotations

import asyncio
import json
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from sim.interfaces.classroom.roles import AnswerError
from sim.interfaces.classroom.security import is_loopback
from sim.interfaces.classroom.session import LEVER_NAMES, ClassSession, RunView
from sim.interfaces.dashboard.i18n import allowed, format_setting
from sim.parameters import REGISTRY

MAX_BODY_BYTES = 4096
TEACHER_HEADER = "x-cogov-teacher"
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def static_text(name: str) -> str:
    return resources.files("sim.interfaces.classroom").joinpath("static", name).read_text(encoding="utf-8")


def _static_response(name: str) -> Response:
    suffix = name[name.rfind("."):]
    return Response(static_text(name), media_type=STATIC_TYPES[suffix], headers=SECURITY_HEADERS)


def asset_handler(allowed: tuple[str, ...]):
    """A route serving the named static files of the package (anything else: 404)."""

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in allowed:
            return _json({"error": "not found"}, 404)
        return _static_response(name)

    return asset


async def no_icon(request: Request) -> Response:
    return Response(status_code=204)


def _error(exc: AnswerError) -> JSONResponse:
    headers = dict(SECURITY_HEADERS)
    if exc.status == 429:
        headers["Retry-After"] = "10"
    return JSONResponse({"error": str(exc), "error_zh": exc.zh, "error_en": exc.en}, status_code=exc.status, headers=headers)


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


async def read_json(request: Request) -> dict[str, Any]:
    """The request's JSON object body, at most MAX_BODY_BYTES (AnswerError 413/400 otherwise)."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
        raise AnswerError(413, "请求过大", f"request body larger than {MAX_BODY_BYTES} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise AnswerError(413, "请求过大", f"request body larger than {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):  # JSONDecodeError, or a number of thousands of digits
        raise AnswerError(400, "请求不是有效的 JSON", "the body is not valid UTF-8 JSON") from None
    except RecursionError:
        raise AnswerError(400, "请求嵌套过深", "the body's JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise AnswerError(400, "请求应为 JSON 对象", "the body must be a JSON object")
    return data


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


# ====================================================================== the round clock
class RoundClock:
    """Runs rounds: a week closes when every present student has answered or its countdown ends."""

    def __init__(self, session: ClassSession):
        self.session = session
        self.wake = asyncio.Event()
        self.task: asyncio.Task | None = None
        session.listeners.append(self.wake.set)

    def start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        session = self.session
        while session.round_weeks_left > 0 and not session.ended:
            self.wake.clear()
            if session.all_answered() or session.seconds_left() == 0:
                session.after_round_week()
                continue
            try:
                # Wake on any answer; re-check at least every second (students may go away).
                await asyncio.wait_for(self.wake.wait(), timeout=min(1.0, session.seconds_left() or 1.0))
            except TimeoutError:
                pass


# ====================================================================== students
def student_app(session: ClassSession) -> Starlette:
    """Student endpoints: the join page, joining, the week's form, answers."""

    async def page(request: Request) -> Response:
        return _static_response("student.html")

    async def join(request: Request) -> Response:
        try:
            data = await read_json(request)
            if "ticket" in data:  # the teacher's own secretary page
                student = session.join_as_secretary(data.get("ticket"), _client(request), data.get("device"))
            else:
                student = session.join(data.get("code"), data.get("name"), _client(request), data.get("device"))
        except AnswerError as exc:
            return _error(exc)
        return _json({"token": student.token, "role": student.role.key, **session.student_view(student)}, 201)

    async def state(request: Request) -> Response:
        try:
            student = session.student(request.headers.get("x-token"), _client(request), request.headers.get("x-device"))
        except AnswerError as exc:
            return _error(exc)
        return _json(session.student_view(student))

    async def answer(request: Request) -> Response:
        try:
            data = await read_json(request)
            session.answer(request.headers.get("x-token"), _client(request), request.headers.get("x-device"),
                           data.get("week"), data.get("role"), data.get("answers"))
        except AnswerError as exc:
            return _error(exc)
        return _json({"ok": True, "week": session.week})

    return Starlette(routes=[
        Route("/", page),
        Route("/static/{name}", asset_handler(("student.js", "common.js", "classroom.css"))),
        Route("/favicon.ico", no_icon),
        Route("/api/join", join, methods=["POST"]),
        Route("/api/state", state),
        Route("/api/answer", answer, methods=["POST"]),
    ])


# ====================================================================== the teacher
class LoopbackOnly:
    """ASGI middleware: refuse (403) any request whose client address is not loopback."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client")
            if not is_loopback(client[0] if client else None):
                zh, en = "教师页面只能在本机打开", "the teacher's page is for this computer only"
                response = JSONResponse({"error": f"{zh} / {en}", "error_zh": zh, "error_en": en}, 403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def teacher_app(session: ClassSession, student_url: str = "", own_student_url: str = "") -> Starlette:
    """The teacher's page and controls (pace, levers, roster, end, debrief, record).

    ``own_student_url`` is the students' address as this computer reaches it: the teacher's own
    secretary page opens there, with a one-time ticket in the URL's fragment.
    """
    from sim.interfaces.classroom.charts import charts_html, community_html
    from sim.interfaces.classroom.record import class_record_html, debrief_html, session_record

    clock = RoundClock(session)

    def control(handler):
        async def guarded(request: Request) -> Response:
            if request.headers.get(TEACHER_HEADER) != "1":
                zh, en = "缺少教师页面的请求头", "missing the teacher page's request header"
                return _json({"error": f"{zh} / {en}", "error_zh": zh, "error_en": en}, 403)
            try:
                data = await read_json(request)
                result = handler(data)
            except AnswerError as exc:
                return _error(exc)
            return _json({"ok": True, **(result or {})})

        return guarded

    async def page(request: Request) -> Response:
        return _static_response("teacher.html")

    async def state(request: Request) -> Response:
        model = session.model
        levers = [
            {"name": n, "label_zh": REGISTRY[n].label_zh, "label_en": REGISTRY[n].label_en, "kind": REGISTRY[n].kind,
             "minimum": REGISTRY[n].minimum, "maximum": REGISTRY[n].maximum, "value": getattr(model.p, n),
             "value_zh": format_setting(n, getattr(model.p, n), "zh"), "value_en": format_setting(n, getattr(model.p, n), "en"),
             "allowed_zh": allowed(n, "zh"), "allowed_en": allowed(n, "en")}
            for n in LEVER_NAMES
        ]
        return _json({
            "title_zh": session.title[0], "title_en": session.title[1], "scenario": session.scenario, "seed": session.seed,
            "week": session.week, "join_code": session.join_code, "student_url": student_url,
            "students": len(session.students), "answered": len(session.answers), "present": len(session.present()),
            "max_students": session.max_students, "seconds_left": session.seconds_left(), "secretary": session.secretary,
            "round_weeks_left": session.round_weeks_left, "ended": session.ended, "phase": session.phase,
            "joins_per_address": session.joins_per_address,
            "roster": session.roster(), "free_roles": session.free_roles(), "interventions": session.interventions, "levers": levers,
        })

    async def charts(request: Request) -> Response:
        large = request.query_params.get("style") == "presentation"
        return HTMLResponse(charts_html([RunView(session.model), RunView(session.twin)], session.interventions, large),
                            headers=SECURITY_HEADERS)

    async def community(request: Request) -> Response:
        large = request.query_params.get("style") == "presentation"
        return HTMLResponse(community_html(session.model, large), headers=SECURITY_HEADERS)

    async def qr(request: Request) -> Response:
        import segno

        target = f"{student_url}?code={session.join_code}" if student_url else session.join_code
        svg = segno.make(target, error="m").svg_inline(scale=6, border=2)
        return Response(svg, media_type="image/svg+xml", headers=SECURITY_HEADERS)

    async def debrief(request: Request) -> Response:
        return HTMLResponse(debrief_html(session_record(session)), headers=SECURITY_HEADERS)

    async def record(request: Request) -> Response:
        name = f"class-record-{session.scenario}-seed{session.seed}-week{session.week}.html"
        headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
        return HTMLResponse(class_record_html(session_record(session)), headers=headers)

    def advance(data: dict) -> dict:
        if session.round_weeks_left:
            session.after_round_week()
        else:
            session.close_week()
        return {"week": session.week}

    def start_round(data: dict) -> dict:
        session.start_round(data.get("weeks"), data.get("seconds"))
        clock.start()
        return {"week": session.week}

    def stop_round(data: dict) -> dict:
        session.stop_round()
        return {}

    def lever(data: dict) -> dict:
        changed = session.intervene(data.get("name"), data.get("value"))
        if changed:
            return {"changed": changed}
        zh, en = session.unchanged_message(data.get("name"))
        return {"changed": {}, "message_zh": zh, "message_en": en}

    def secretary(data: dict) -> dict:
        return {"url": f"{own_student_url or student_url}#ticket={session.claim_secretary()}"}

    def remove(data: dict) -> dict:
        return {"removed": session.remove(data.get("number")).name}

    def reassign(data: dict) -> dict:
        return {"role": session.reassign(data.get("number"), data.get("role")).role.key}

    def end(data: dict) -> dict:
        session.end()
        return {}

    return Starlette(
        routes=[
            Route("/", page),
            Route("/static/{name}", asset_handler(("teacher.js", "common.js", "classroom.css"))),
            Route("/favicon.ico", no_icon),
            Route("/api/state", state),
            Route("/charts", charts),
            Route("/community", community),
            Route("/qr.svg", qr),
            Route("/debrief", debrief),
            Route("/record.html", record),
            Route("/api/advance", control(advance), methods=["POST"]),
            Route("/api/round", control(start_round), methods=["POST"]),
            Route("/api/stop", control(stop_round), methods=["POST"]),
            Route("/api/lever", control(lever), methods=["POST"]),
            Route("/api/end", control(end), methods=["POST"]),
            Route("/api/secretary", control(secretary), methods=["POST"]),
            Route("/api/remove", control(remove), methods=["POST"]),
            Route("/api/reassign", control(reassign), methods=["POST"]),
        ],
        middleware=[Middleware(LoopbackOnly), Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS)],
    )
