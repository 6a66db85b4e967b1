"""``cogov classroom``: a role-play session for one shared community, teacher on this machine.

The teacher's page listens on 127.0.0.1 only. The students' pages listen on the address the
teacher names with ``--listen`` (default 127.0.0.1: students on this computer only; 0.0.0.0 or
the laptop's classroom address opens it to the classroom network, with a printed warning).
Both servers run on one event loop and share one session.
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import threading
import time

from sim.errors import UserInputError
from sim.interfaces.dashboard.server import check_bindable, free_port, port_number
from sim.interfaces.classroom.roster import DEFAULT_JOINS_PER_ADDRESS
from sim.interfaces.options import SEED, add_set_option, bounded_int

TEACHER_HOST = "127.0.0.1"
DEFAULT_TEACHER_PORT = 8780
DEFAULT_STUDENT_PORT = 8781
DEFAULT_SCENARIO = "co_governance"
MAX_STUDENTS = bounded_int("--max-students", 1, 200)
TEACHER_CONNECTIONS = 64  # the teacher's page on this computer: a few tabs at most
JOINS_PER_ADDRESS = bounded_int("--joins-per-address", 1, 200)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "classroom",
        help="run a role-play class: students join from their devices and play the community's actors",
        description=(
            "Start a classroom session for one shared community. The teacher's page is on this computer only; "
            "students open the printed address on the classroom network, enter the join code and get a role."
        ),
    )
    parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, help=f"scenario name or file (default {DEFAULT_SCENARIO})")
    parser.add_argument(
        "--seed", type=SEED, default=None,
        help="random seed of the shared community (default: the first seed from 0 whose community has an owners' "
             "committee, so that every role can be played)",
    )
    add_set_option(parser)
    parser.add_argument(
        "--listen", default=TEACHER_HOST,
        help="address the students' pages listen on (default 127.0.0.1, this computer only; "
             "0.0.0.0 or this laptop's classroom address lets phones on the network join)",
    )
    parser.add_argument("--port", type=port_number, default=DEFAULT_TEACHER_PORT, help=f"teacher page port on 127.0.0.1 (default {DEFAULT_TEACHER_PORT})")
    parser.add_argument("--student-port", type=port_number, default=DEFAULT_STUDENT_PORT, help=f"students' port (default {DEFAULT_STUDENT_PORT})")
    parser.add_argument("--max-students", type=MAX_STUDENTS, default=60, help="most students who may join (default 60, at most 200)")
    parser.add_argument(
        "--joins-per-address", type=JOINS_PER_ADDRESS, default=DEFAULT_JOINS_PER_ADDRESS, metavar="N",
        help=f"most students one network address may admit (default {DEFAULT_JOINS_PER_ADDRESS}: a phone each; "
             "raise it when students share computers or all join through one address)",
    )
    parser.add_argument(
        "--secretary", choices=("student", "teacher"), default="student",
        help="who plays the community secretary: a student (default) or the teacher, from a button on the teacher's page",
    )
    parser.set_defaults(handler=command_classroom)


def seed_with_committee(parameters, tries: int = 100) -> int:
    """The first seed from 0 whose community forms an owners' committee (0 if none of ``tries`` does)."""
    from sim.model.cogovernance import CoGovernanceModel

    for seed in range(tries):
        if CoGovernanceModel(rng=seed, parameters=parameters).committee_of_compound:
            return seed
    return 0


def listen_address(text: str) -> str:
    """The numeric address the students' server binds (``0`` and ``::0`` are every interface; an empty one is refused)."""
    from sim.interfaces.network import normalise_host

    return normalise_host(text, "classroom: --listen")


def reachable_address(listen: str) -> str:
    """The address students type: the listen address, or this machine's main address for 0.0.0.0."""
    if not ipaddress.ip_address(listen).is_unspecified:
        return listen
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent; this only picks the outgoing interface
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def own_address(listen: str) -> str:
    """The address this computer uses to reach the students' server (and is seen from)."""
    address = ipaddress.ip_address(listen)
    if address.is_unspecified:
        return "::1" if address.version == 6 else TEACHER_HOST
    return listen


def url(host: str, port: int) -> str:
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


def check_free(host: str, port: int, option: str) -> None:
    """Fail early, naming the classroom's own option, when ``host:port`` cannot be bound."""
    try:
        check_bindable(host, port)
    except UserInputError:
        raise UserInputError(
            f"classroom: cannot listen on {host} port {port} ({option} {port}); another program may be using it. "
            f"Choose another {option} (0 picks any free port)."
        ) from None


class ClassroomServers:
    """The teacher's and the students' uvicorn servers on one event loop (``run`` or ``start_in_thread``)."""

    def __init__(self, session, teacher_port: int, student_host: str, student_port: int, student_url: str):
        own = own_address(student_host)
        import uvicorn

        from sim.interfaces.classroom.app import student_app, teacher_app

        from sim.interfaces.classroom.connections import guarded_protocol

        self.session = session
        quiet = {"log_level": "warning", "access_log": False, "lifespan": "off"}
        students = max(64, 4 * session.max_students)  # a phone keeps a connection or two alive
        self.teacher = uvicorn.Server(uvicorn.Config(
            teacher_app(session, student_url, url(own, student_port)), host=TEACHER_HOST, port=teacher_port,
            http=guarded_protocol(TEACHER_CONNECTIONS + 16), limit_concurrency=TEACHER_CONNECTIONS, **quiet))
        self.students = uvicorn.Server(uvicorn.Config(
            student_app(session), host=student_host, port=student_port,
            http=guarded_protocol(students + 16), limit_concurrency=students, **quiet))
        self.thread: threading.Thread | None = None

    async def serve(self) -> None:
        import asyncio

        await asyncio.gather(self.teacher.serve(), self.students.serve())

    def run(self) -> None:
        import asyncio  # here, not at the top: `cogov --help` stays light

        asyncio.run(self.serve())

    def start_in_thread(self, timeout_s: float = 10.0) -> None:
        """Serve in a background thread (tests, notebooks) until :meth:`stop`."""
        for server in (self.teacher, self.students):
            server.install_signal_handlers = lambda: None  # older uvicorn; newer ones skip non-main threads
        self.thread = threading.Thread(target=self.run, daemon=True, name="cogov-classroom")
        self.thread.start()
        deadline = time.monotonic() + timeout_s
        while not (self.teacher.started and self.students.started):
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("classroom servers did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.teacher.should_exit = self.students.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)


def command_classroom(args: argparse.Namespace) -> int:
    from sim.interfaces.classroom.session import ClassSession
    from sim.scenarios import load_scenario, parse_assignments

    scenario = load_scenario(args.scenario, parse_assignments(args.assignments))
    listen = listen_address(args.listen)
    check_free(TEACHER_HOST, args.port, "--port")
    teacher_port = args.port or free_port(TEACHER_HOST)
    if args.student_port and args.student_port == teacher_port and listen in (TEACHER_HOST, "0.0.0.0"):
        raise UserInputError(f"classroom: --port and --student-port are both {teacher_port}; give the students another port.")
    check_free(listen, args.student_port, "--student-port")
    student_port = args.student_port or free_port(listen)
    seed = args.seed if args.seed is not None else seed_with_committee(scenario.parameters)
    session = ClassSession(
        scenario.name, seed, scenario.parameters,
        title=(scenario.meta.title_zh, scenario.meta.title_en), max_students=args.max_students, secretary=args.secretary,
        joins_per_address=args.joins_per_address,
    )
    student_url = url(reachable_address(listen), student_port)
    servers = ClassroomServers(session, teacher_port, listen, student_port, student_url)
    committees = len(session.model.committee_of_compound)
    print(f"情景 Scenario: {scenario.meta.title_zh} {scenario.meta.title_en}, 种子 seed {seed}, 业委会 owners' committees: {committees}")
    print(f"教师页面（仅限本机）Teacher page (this computer only): {url(TEACHER_HOST, teacher_port)}")
    print(f"学生地址 Students open: {student_url}   加入码 Join code: {session.join_code}")
    from sim.interfaces.network import is_loopback

    if not is_loopback(listen):
        print(
            f"警告：学生页面在 {listen} 上对网络开放，同一网络中的任何人都能打开它（仍需加入码）。请只在课堂网络中使用，下课后按 Ctrl-C 结束。\n"
            f"WARNING: the students' pages are open to the network on {listen}; anyone on this network can reach them "
            "(a join code is still required). Use it on the classroom network only and press Ctrl-C after class.",
            flush=True,
        )
    else:
        print("学生页面仅限本机；让手机加入请用 --listen 0.0.0.0。Students' pages are on this computer only; "
              "use --listen 0.0.0.0 to let phones join.", flush=True)
    try:
        servers.run()
    except KeyboardInterrupt:
        pass
    return 0
