"""One classroom session: the shared community, its simulated twin, the roster and the weeks.

The class plays ``model``; ``twin`` is the same community on the same seed with every actor
simulated, stepped in lockstep and given the same lever changes, so the debrief can set the
class's run beside it. All state changes happen on the server's event loop (one thread), so
no locking is needed; the web layer (:mod:`sim.interfaces.classroom.app`) only calls these
methods.

Weeks are counted as the dashboard counts them: the class is at week ``week`` when ``week``
weeks have been played (week 0 at the start); the open week's decisions are played as the next.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from typing import Any

from sim.interfaces.classroom.forms import (
    asked_only,
    choice_of,
    describe_decision,
    form,
    parse_answers,
    situation,
    watch_list,
    week_decisions,
)
from sim.interfaces.classroom.results import standing, week_result
from sim.interfaces.classroom.roles import CORE, AnswerError, Role, next_role, open_roles
from sim.interfaces.classroom.roster import DEFAULT_JOINS_PER_ADDRESS, TEACHER_NAME, Student, clean_name, roster_row
from sim.interfaces.classroom.security import (
    RateLimiter,
    codes_match,
    device_fingerprint,
    new_join_code,
    new_token,
    same_device,
    valid_device_secret,
)
from sim.interfaces.dashboard.i18n import allowed, event_label, format_setting
from sim.interfaces.dashboard.session import within_registry
from sim.model.cogovernance import CoGovernanceModel
from sim.parameters import REGISTRY, Parameters

#: Default cap on students in one session (``--max-students``).
DEFAULT_MAX_STUDENTS = 60
#: A student whose page has not asked for news for this long is not waited for when a week closes.
AWAY_AFTER_S = 12.0
#: Requests one student may make in REQUEST_WINDOW_S (pages poll every two seconds).
REQUESTS_PER_WINDOW = 30
REQUEST_WINDOW_S = 10.0
#: Wrong join codes one address may try per minute.
JOIN_FAILURES_PER_MINUTE = 10
#: Levers the teacher may change between rounds: the registry's lever group and the reform levers.
LEVER_NAMES = tuple(dict.fromkeys(
    [name for name, spec in REGISTRY.items() if spec.group == "levers"]
    + ["meeting_interval_steps", "volunteer_incentive", "digital_platform"]
))
ENDED = ("课堂已结束", "the session has ended")


class RunView:
    """A model's outcome series, as the charts read them (``series(outcome)``)."""

    def __init__(self, model: CoGovernanceModel):
        self.model = model

    def series(self, outcome: str) -> list[float]:
        return list(self.model.datacollector.model_vars[outcome])


class ClassSession:
    """The shared community of one class and everything the students and the teacher do to it."""

    def __init__(
        self,
        scenario: str,
        seed: int,
        parameters: Parameters,
        *,
        title: tuple[str, str] = ("", ""),
        max_students: int = DEFAULT_MAX_STUDENTS,
        joins_per_address: int = DEFAULT_JOINS_PER_ADDRESS,
        secretary: str = "student",
        join_code: str | None = None,
        clock=time.monotonic,
    ):
        self.scenario, self.seed, self.title = scenario, seed, title
        self.model = CoGovernanceModel(rng=seed, parameters=parameters)
        self.twin = CoGovernanceModel(rng=seed, parameters=parameters)
        self.max_students = max_students
        self.joins_per_address = joins_per_address
        if secretary not in ("student", "teacher"):
            raise ValueError(f"secretary must be 'student' or 'teacher'; got {secretary!r}")
        self.secretary = secretary  # "teacher": the community secretary is kept for the teacher
        self.join_code = join_code or new_join_code()
        self.clock = clock
        self.students: dict[str, Student] = {}
        self.removed: dict[str, str] = {}  # token -> name, of students the teacher removed
        self.removed_devices: set[str] = set()
        self.freed: list[Role] = []  # roles of removed students, given to the next students first
        self.admitted = Counter()  # students admitted per address (a removal frees its place)
        self.joined = 0  # students admitted so far (numbers on the roster; the join pattern)
        self.secretary_ticket: str | None = None  # one-time: the teacher's page opens the secretary's page with it
        self.answers: dict[str, dict[str, Any]] = {}  # token -> parsed answers for the open week
        self.history: list[dict[str, Any]] = []  # one entry per role and week played
        self.interventions: list[dict[str, Any]] = []
        self.deadline_s: float | None = None
        self.round_weeks_left = 0
        self.round_seconds = 0.0
        self.ended = False
        self.started_at = time.time()
        self.step_seconds: list[float] = []
        self.requests = RateLimiter(REQUESTS_PER_WINDOW, REQUEST_WINDOW_S, clock)
        self.join_failures = RateLimiter(JOIN_FAILURES_PER_MINUTE, 60.0, clock)
        self.listeners: list = []  # callables run after any change (the web layer wakes waiting tasks)

    # ------------------------------------------------------------------ state
    @property
    def week(self) -> int:
        """Weeks played so far (the dashboard's week counter); the open week is played next."""
        return self.model.steps

    @property
    def phase(self) -> str:
        """"round" while a round runs, "between" rounds, "ended" after the end."""
        return "ended" if self.ended else "round" if self.round_weeks_left else "between"

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()

    def _open(self) -> None:
        if self.ended:
            raise AnswerError(410, *ENDED)

    def roles_taken(self) -> Counter:
        taken = Counter(s.role for s in self.students.values())
        if self.secretary == "teacher":
            taken[Role(CORE, 0)] = max(taken[Role(CORE, 0)], 1)
        return taken

    def present(self) -> list[Student]:
        now = self.clock()
        return [s for s in self.students.values() if now - s.last_seen_s <= AWAY_AFTER_S]

    def all_answered(self) -> bool:
        """True when every present student has answered the open week (and someone is present)."""
        present = self.present()
        return bool(present) and all(s.token in self.answers for s in present)

    def seconds_left(self) -> float | None:
        return None if self.deadline_s is None else max(0.0, self.deadline_s - self.clock())

    # ------------------------------------------------------------------ students
    def join(self, code: Any, name: Any, client: str, device: Any) -> Student:
        """Admit a student with the session's join code, a name and their browser's device secret;
        the same browser joining again gets its role back. Raises AnswerError with the HTTP status."""
        self._open()
        if not isinstance(code, str) or not code.strip():
            raise AnswerError(400, "请输入加入码", "a join code is required")
        if not codes_match(code, self.join_code):
            if not self.join_failures.allow(client):
                raise AnswerError(429, "加入码输错次数过多，请一分钟后再试", "too many wrong codes from this address; wait a minute")
            raise AnswerError(403, "加入码不正确", "wrong join code")
        cleaned = clean_name(name)
        if not valid_device_secret(device):
            raise AnswerError(400, "页面版本过旧，请刷新后再加入", "the page sent no device secret; reload it and join again")
        fingerprint = device_fingerprint(device)
        if fingerprint in self.removed_devices:
            raise AnswerError(403, "老师已将这台设备移出课堂", "the teacher has removed this device from the class")
        again = next((s for s in self.students.values() if s.device == fingerprint and not s.teacher), None)
        if again is not None:
            again.address, again.last_seen_s = client, self.clock()
            return again
        if self.admitted[client] >= self.joins_per_address:
            raise AnswerError(
                429, f"这个网络地址已有 {self.admitted[client]} 人加入，达到上限；共用一台电脑时请老师用 --joins-per-address 调高",
                f"{self.admitted[client]} students have joined from this address, the most allowed; for shared computers "
                "the teacher can raise --joins-per-address",
            )
        if sum(not s.teacher for s in self.students.values()) >= self.max_students:
            raise AnswerError(409, f"课堂已满（最多 {self.max_students} 人）", f"the class is full ({self.max_students} students)")
        role = self._freed_role() or next_role(self.model, self.joined, self.roles_taken())
        if role is None:
            raise AnswerError(409, "没有空余角色", "no role left to give")
        return self._admit(cleaned, role, client, fingerprint)

    def _freed_role(self) -> Role | None:
        """The first role a removed student left that is still free (a building: with room)."""
        free = set(open_roles(self.model, self.roles_taken()))
        self.freed = [role for role in self.freed if role in free]
        return self.freed.pop(0) if self.freed else None

    def _admit(self, name: str, role: Role, client: str, fingerprint: str, teacher: bool = False) -> Student:
        now = self.clock()
        self.joined += 1
        student = Student(self.joined, new_token(), name, role, client, fingerprint, now, now, teacher=teacher)
        self.students[student.token] = student
        if not teacher:
            self.admitted[client] += 1
        self._changed()
        return student

    def claim_secretary(self) -> str:
        """A one-time ticket for the teacher's own community secretary (``--secretary teacher``):
        the page the teacher opens with it joins as the secretary, bound to that browser."""
        self._open()
        if self.secretary != "teacher":
            raise AnswerError(409, "本课堂的社区书记由学生扮演（--secretary student）",
                              "the secretary is played by a student in this session (--secretary student)")
        if any(s.teacher for s in self.students.values()):
            raise AnswerError(409, "老师已领取社区书记角色", "the teacher already holds the secretary's role")
        self.secretary_ticket = secrets.token_urlsafe(24)
        return self.secretary_ticket

    def join_as_secretary(self, ticket: Any, client: str, device: Any) -> Student:
        """Admit the teacher's secretary page with the ticket of :meth:`claim_secretary` (once)."""
        self._open()
        if not (isinstance(ticket, str) and self.secretary_ticket and secrets.compare_digest(ticket, self.secretary_ticket)):
            raise AnswerError(403, "这个链接已失效，请在教师页面重新点「以社区书记身份作答」",
                              "this link is no longer valid; click Play the secretary on the teacher's page again")
        if not valid_device_secret(device):
            raise AnswerError(400, "页面版本过旧，请刷新后再加入", "the page sent no device secret; reload it and join again")
        self.secretary_ticket = None
        return self._admit(TEACHER_NAME, Role(CORE, 0), client, device_fingerprint(device), teacher=True)

    def student(self, token: Any, client: str, device: Any) -> Student:
        """The student holding ``token``, asking from ``client`` with ``device``; counts the request
        against their limit. A token works only with the secret of the browser that joined with it
        and from its address, so a token copied to another browser or device is refused (403)."""
        self._open()
        student = self.students.get(token) if isinstance(token, str) else None
        if student is None:
            if isinstance(token, str) and token in self.removed:
                raise AnswerError(401, "老师已将你移出课堂；有疑问请举手", "the teacher has removed you from the class")
            raise AnswerError(401, "身份无效，请用加入码重新加入", "unknown or missing token; join again with the code")
        if client != student.address or not same_device(device, student.device):
            raise AnswerError(403, "此身份属于另一台设备；请在这台设备上用加入码加入",
                              "this token belongs to another device; join with the code on this one")
        if not self.requests.allow(token):
            raise AnswerError(429, "请求过于频繁，请稍候", "too many requests; slow down")
        student.last_seen_s = self.clock()
        return student

    def student_view(self, student: Student) -> dict[str, Any]:
        zh, en = student.role.title(self.model)
        last = [h for h in self.history if h["role"] == student.role.key and h["week"] == self.week - 1]
        seen_zh, seen_en = situation(student.role, self.model)
        fields = form(student.role, self.model)
        present = self.present()
        return {
            "situation_zh": seen_zh,
            "situation_en": seen_en,
            "name": student.name,
            "role": student.role.key,
            "kind": student.role.kind,
            "role_zh": zh,
            "role_en": en,
            "week": self.week,
            "phase": self.phase,
            "round_weeks_left": self.round_weeks_left,
            "answered": student.token in self.answers,
            "answers": _plain(self.answers.get(student.token)),
            "answered_count": sum(s.token in self.answers for s in present),
            "present_count": len(present),
            "seconds_left": self.seconds_left(),
            "form": fields,
            "form_id": f"{self.week}:{student.role.key}:{','.join(f['name'] for f in fields)}",
            "last_week": last[0] if last else None,
        }

    def answer(self, token: Any, client: str, device: Any, week: Any, role_key: Any, answers: Any) -> None:
        """Record a student's answers for the open week (refusals carry their HTTP status)."""
        student = self.student(token, client, device)
        if role_key != student.role.key:
            raise AnswerError(403, "只能以自己的角色作答", f"you play {student.role.key}, not {role_key!r}")
        if not isinstance(week, int) or isinstance(week, bool):
            raise AnswerError(422, "周次应为整数", "week must be a whole number")
        if week != self.week:
            raise AnswerError(409, "那一周已经结束，请刷新页面，为本周作答",
                              f"only the open week ({self.week}) can be answered; got {week}")
        self.answers[token] = parse_answers(student.role, self.model, answers)
        self._changed()

    # ------------------------------------------------------------------ the teacher's roster
    def _numbered(self, number: Any) -> Student:
        found = next((s for s in self.students.values() if s.number == number and not isinstance(number, bool)), None)
        if found is None:
            raise AnswerError(404, f"名单上没有第 {number} 号学生", f"no student number {number!r} on the roster")
        return found

    def remove(self, number: Any) -> Student:
        """Take a student off the roster: their role is free again (the next student to join gets
        it), their place at their address too, and their browser cannot join again."""
        self._open()
        student = self._numbered(number)
        del self.students[student.token]
        self.answers.pop(student.token, None)
        self.removed[student.token] = student.name
        if not student.teacher:
            self.removed_devices.add(student.device)
            self.admitted[student.address] -= 1
            self.freed.append(student.role)
        self._changed()
        return student

    def reassign(self, number: Any, role_key: Any) -> Student:
        """Give a student another free role (from the next answer on)."""
        self._open()
        student = self._numbered(number)
        if student.teacher:
            raise AnswerError(409, "老师的社区书记角色不能改派", "the teacher's own role cannot be moved")
        role = Role.from_key(role_key) if isinstance(role_key, str) else None
        taken = self.roles_taken()
        taken[student.role] -= 1
        if role is None or role not in open_roles(self.model, taken):
            raise AnswerError(409, f"角色 {role_key!r} 已有人扮演或不存在", f"role {role_key!r} is taken or does not exist")
        student.role = role
        self.answers.pop(student.token, None)
        self._changed()
        return student

    def free_roles(self) -> list[dict[str, str]]:
        """Roles a student can be moved to, for the teacher's page."""
        return [{"role": r.key, "title_zh": r.title(self.model)[0], "title_en": r.title(self.model)[1]}
                for r in open_roles(self.model, self.roles_taken())]

    def roster(self) -> list[dict[str, Any]]:
        now = self.clock()
        return [roster_row(s, self.model, s.token in self.answers, now - s.last_seen_s <= AWAY_AFTER_S, self.ended)
                for s in self.students.values()]

    # ------------------------------------------------------------------ the weeks
    def close_week(self) -> None:
        """Play the open week: the class's answers override their actors; everyone else is simulated."""
        self._open()
        started = time.perf_counter()
        by_role: dict[Role, list[Student]] = {}
        for student in self.students.values():
            by_role.setdefault(student.role, []).append(student)
        answered = [(self.students[t].role, a) for t, a in self.answers.items() if t in self.students]
        decisions = week_decisions(self.model, answered)
        roles = list(by_role)
        before = {role: standing(role, self.model) for role in roles}
        asked = {role: {f["name"] for f in form(role, self.model)} for role in roles}
        twin_asked = {role: {f["name"] for f in form(role, self.twin)} for role in roles}
        self.model.decisions = decisions
        self.model.watch = watch_list(self.model, roles)
        self.twin.watch = watch_list(self.twin, roles)
        week = self.week
        self.model.step()
        self.twin.step()
        taken, twin_taken = getattr(self.model, "taken", None), getattr(self.twin, "taken", None)
        for role, students in by_role.items():
            answered_by = [s for s in students if s.token in self.answers]
            for s in students:
                (s.answered_weeks if s in answered_by else s.simulated_weeks).append(week)
            chosen, done = choice_of(role, decisions, self.model), asked_only(choice_of(role, taken, self.model), asked[role])
            title_zh, title_en = role.title(self.model)
            decided_zh, decided_en = describe_decision(done or chosen)
            self.history.append({
                "week": week,
                "role": role.key,
                "title_zh": title_zh,
                "title_en": title_en,
                "decided_zh": decided_zh,
                "decided_en": decided_en,
                "students": [s.name for s in students],
                "answered": [s.name for s in answered_by],
                "simulated": not answered_by,
                "chosen": chosen,
                "taken": done,
                "twin_taken": asked_only(choice_of(role, twin_taken, self.twin), twin_asked[role]),
                "result": week_result(role, self.model, before[role])["lines"],
            })
        for model in (self.model, self.twin):
            model.decisions = None
            model.watch = None
        self.answers = {}
        self.step_seconds.append(time.perf_counter() - started)
        self._changed()

    def start_round(self, weeks: Any, seconds: Any) -> None:
        """Play ``weeks`` weeks, each open for at most ``seconds`` (the web layer runs the clock)."""
        self._open()
        if not _whole(weeks) or not 1 <= weeks <= 52:
            raise AnswerError(422, f"每轮周数应为 1 到 52 的整数，收到 {weeks!r}", f"weeks per round must be a whole number from 1 to 52; got {weeks!r}")
        if not _whole(seconds) or not 5 <= seconds <= 600:
            raise AnswerError(422, f"每周倒计时应为 5 到 600 秒的整数，收到 {seconds!r}",
                              f"seconds per week must be a whole number from 5 to 600; got {seconds!r}")
        self.round_weeks_left, self.round_seconds = int(weeks), float(seconds)
        self.deadline_s = self.clock() + self.round_seconds
        self._changed()

    def after_round_week(self) -> None:
        """Close the open week of a round and open the next one, or finish the round."""
        self.close_week()
        self.round_weeks_left -= 1
        self.deadline_s = self.clock() + self.round_seconds if self.round_weeks_left > 0 else None
        self._changed()

    def stop_round(self) -> None:
        self.round_weeks_left, self.deadline_s = 0, None
        self._changed()

    def intervene(self, name: Any, value: Any) -> dict[str, Any]:
        """Change one lever in both runs from the next week on; refused while a round runs.

        Returns ``{name: [old, new]}``, empty when the lever already has that value."""
        self._open()
        if self.round_weeks_left:
            raise AnswerError(409, "请在两轮之间调整政策", "change levers between rounds, not during one")
        if name not in LEVER_NAMES:
            labels = "、".join(REGISTRY[n].label_zh for n in LEVER_NAMES)
            raise AnswerError(422, f"“{name}”不是课堂上能调整的政策；可调整：{labels}",
                              f"'{name}' is not a classroom lever; levers: {list(LEVER_NAMES)}")
        spec = REGISTRY[name]
        value = spec.coerce(value)
        if not within_registry(spec, value):
            raise AnswerError(422, f"「{spec.label_zh}」不能设为 {value!r}；允许：{allowed(name, 'zh')}",
                              f"{spec.label_en} ({name}) cannot be {value!r}; allowed: {allowed(name, 'en')}")
        changed = self.model.intervene(**{name: value})
        self.twin.intervene(**{name: value})
        if changed:
            old, new = changed[name]
            self.interventions.append({
                "week": self.week, "name": name, "old": old, "new": new,
                "label_zh": spec.label_zh, "label_en": spec.label_en,
                "event_zh": event_label(self.week, changed, "zh"), "event_en": event_label(self.week, changed, "en"),
            })
            self._changed()
        return {k: list(v) for k, v in changed.items()}

    def unchanged_message(self, name: str) -> tuple[str, str]:
        """What the teacher reads when a lever was set to the value it already has."""
        spec = REGISTRY[name]
        value = getattr(self.model.p, name)
        return (f"「{spec.label_zh}」已经是 {format_setting(name, value, 'zh')}，没有改变。",
                f"{spec.label_en} is already {format_setting(name, value, 'en')}; nothing changed.")

    def end(self) -> None:
        self.ended = True
        self.round_weeks_left, self.deadline_s = 0, None
        self._changed()


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _plain(answers: dict[str, Any] | None) -> dict[str, Any] | None:
    if answers is None:
        return None
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
