"""One classroom session: the shared community, its simulated twin, the roster and the weeks.

The class plays ``model``; ``twin`` is the same community on the same seed with every actor
simulated, stepped in lockstep and given the same lever changes, so the debrief can set the
class's run beside it. All state changes happen on the server's event loop (one thread), so
no locking is needed; the web layer (:mod:`sim.interfaces.classroom.app`) only calls these
methods.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sim.interfaces.classroom.roles import (
    CORE,
    AnswerError,
    Role,
    choice_of,
    describe_decision,
    form,
    next_role,
    parse_answers,
    situation,
    watch_list,
    week_decisions,
)
from sim.interfaces.classroom.security import RateLimiter, codes_match, new_join_code, new_token
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
NAME_MAX_CHARS = 20
#: Levers the teacher may change between rounds: the registry's lever group and the reform levers.
LEVER_NAMES = tuple(dict.fromkeys(
    [name for name, spec in REGISTRY.items() if spec.group == "levers"]
    + ["meeting_interval_steps", "volunteer_incentive", "digital_platform"]
))


@dataclass
class Student:
    token: str
    name: str
    role: Role
    address: str  # the device's address when joining; the token works only from there
    joined_s: float
    last_seen_s: float
    answered_weeks: list[int] = field(default_factory=list)
    simulated_weeks: list[int] = field(default_factory=list)


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
        secretary: str = "student",
        join_code: str | None = None,
        clock=time.monotonic,
    ):
        self.scenario, self.seed, self.title = scenario, seed, title
        self.model = CoGovernanceModel(rng=seed, parameters=parameters)
        self.twin = CoGovernanceModel(rng=seed, parameters=parameters)
        self.max_students = max_students
        if secretary not in ("student", "teacher"):
            raise ValueError(f"secretary must be 'student' or 'teacher'; got {secretary!r}")
        self.secretary = secretary  # "teacher": the community secretary is kept for the teacher
        self.join_code = join_code or new_join_code()
        self.clock = clock
        self.students: dict[str, Student] = {}
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
        """The week being decided (0-based: the model's next step)."""
        return self.model.steps

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()

    def roles_taken(self) -> Counter:
        return Counter(s.role for s in self.students.values())

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
    def join(self, code: Any, name: Any, client: str) -> Student:
        """Admit a student with the session's join code; raises AnswerError with the HTTP status."""
        if self.ended:
            raise AnswerError(410, "课堂已结束 / the session has ended")
        if not isinstance(code, str) or not code.strip():
            raise AnswerError(400, "请输入加入码 / a join code is required")
        if not codes_match(code, self.join_code):
            if not self.join_failures.allow(client):
                raise AnswerError(429, "尝试次数过多，请稍后再试 / too many wrong codes from this address; wait a minute")
            raise AnswerError(403, "加入码不正确 / wrong join code")
        cleaned = clean_name(name)
        if len(self.students) >= self.max_students:
            raise AnswerError(409, f"课堂已满（最多 {self.max_students} 人）/ the class is full ({self.max_students} students)")
        taken = self.roles_taken()
        if self.secretary == "teacher":
            taken[Role(CORE, 0)] += 1
        role = next_role(self.model, len(self.students), taken)
        if role is None:
            raise AnswerError(409, "没有空余角色 / no role left to give")
        now = self.clock()
        student = Student(new_token(), cleaned, role, client, now, now)
        self.students[student.token] = student
        self._changed()
        return student

    def claim_secretary(self, address: str) -> Student:
        """Give the teacher the community secretary's role (``--secretary teacher``), usable from ``address``."""
        if self.ended:
            raise AnswerError(410, "课堂已结束 / the session has ended")
        if self.secretary != "teacher":
            raise AnswerError(409, "社区书记由学生扮演 / the secretary is played by a student in this session (--secretary student)")
        if any(s.role.kind == CORE for s in self.students.values()):
            raise AnswerError(409, "教师已领取社区书记角色 / the teacher already holds the secretary's role")
        now = self.clock()
        student = Student(new_token(), "教师 Teacher", Role(CORE, 0), address, now, now)
        self.students[student.token] = student
        self._changed()
        return student

    def student(self, token: Any, client: str) -> Student:
        """The student holding ``token``, asking from ``client``; counts the request against their limit.

        A token works only from the address that joined with it, so a token copied to another
        device is refused (403).
        """
        if self.ended:
            raise AnswerError(410, "课堂已结束 / the session has ended")
        student = self.students.get(token) if isinstance(token, str) else None
        if student is None:
            raise AnswerError(401, "身份无效，请重新加入 / unknown or missing token; join again with the code")
        if client != student.address:
            raise AnswerError(403, "此身份属于另一台设备 / this token belongs to another device; join with the code on this one")
        if not self.requests.allow(token):
            raise AnswerError(429, "请求过于频繁 / too many requests; slow down")
        student.last_seen_s = self.clock()
        return student

    def student_view(self, student: Student) -> dict[str, Any]:
        zh, en = student.role.title(self.model)
        last = [h for h in self.history if h["role"] == student.role.key and h["week"] == self.week - 1]
        seen_zh, seen_en = situation(student.role, self.model)
        return {
            "situation_zh": seen_zh,
            "situation_en": seen_en,
            "name": student.name,
            "role": student.role.key,
            "kind": student.role.kind,
            "role_zh": zh,
            "role_en": en,
            "week": self.week,
            "answered": student.token in self.answers,
            "answers": _plain(self.answers.get(student.token)),
            "seconds_left": self.seconds_left(),
            "form": form(student.role, self.model),
            "last_week": last[0] if last else None,
        }

    def answer(self, token: Any, client: str, week: Any, role_key: Any, answers: Any) -> None:
        """Record a student's answers for the open week (refusals carry their HTTP status)."""
        student = self.student(token, client)
        if role_key != student.role.key:
            raise AnswerError(403, f"只能以自己的角色作答 / you play {student.role.key}, not {role_key!r}")
        if not isinstance(week, int) or isinstance(week, bool):
            raise AnswerError(422, "周次应为整数 / week must be a whole number")
        if week != self.week:
            raise AnswerError(409, f"只能回答本周（第 {self.week + 1} 周）/ only the open week ({self.week}) can be answered; got {week}")
        self.answers[token] = parse_answers(student.role, self.model, answers)
        self._changed()

    # ------------------------------------------------------------------ the teacher
    def close_week(self) -> None:
        """Play the open week: the class's answers override their actors; everyone else is simulated."""
        if self.ended:
            raise AnswerError(410, "课堂已结束 / the session has ended")
        started = time.perf_counter()
        by_role: dict[Role, list[Student]] = {}
        for student in self.students.values():
            by_role.setdefault(student.role, []).append(student)
        answered = [(self.students[t].role, a) for t, a in self.answers.items() if t in self.students]
        decisions = week_decisions(self.model, answered)
        roles = list(by_role)
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
            chosen, done = choice_of(role, decisions, self.model), choice_of(role, taken, self.model)
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
                "twin_taken": choice_of(role, twin_taken, self.twin),
            })
        for model in (self.model, self.twin):
            model.decisions = None
            model.watch = None
        self.answers = {}
        self.step_seconds.append(time.perf_counter() - started)
        self._changed()

    def start_round(self, weeks: Any, seconds: Any) -> None:
        """Play ``weeks`` weeks, each open for at most ``seconds`` (the web layer runs the clock)."""
        if self.ended:
            raise AnswerError(410, "课堂已结束 / the session has ended")
        if not _whole(weeks) or not 1 <= weeks <= 52:
            raise AnswerError(422, f"每轮周数应为 1–52 的整数 / weeks per round must be a whole number from 1 to 52; got {weeks!r}")
        if not _whole(seconds) or not 5 <= seconds <= 600:
            raise AnswerError(422, f"每周倒计时应为 5–600 秒 / seconds per week must be a whole number from 5 to 600; got {seconds!r}")
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
        """Change one lever in both runs from the next week on; refused while a round runs."""
        if self.ended:
            raise AnswerError(410, "课堂已结束 / the session has ended")
        if self.round_weeks_left:
            raise AnswerError(409, "请在两轮之间调整政策 / change levers between rounds, not during one")
        if name not in LEVER_NAMES:
            raise AnswerError(422, f"不能调整的参数 / '{name}' is not a classroom lever; levers: {list(LEVER_NAMES)}")
        from sim.errors import UserInputError

        try:
            changed = self.model.intervene(**{name: REGISTRY[name].coerce(value)})
            self.twin.intervene(**{name: REGISTRY[name].coerce(value)})
        except UserInputError as exc:
            raise AnswerError(422, str(exc)) from None
        if changed:
            old, new = changed[name]
            self.interventions.append({"week": self.week, "name": name, "old": old, "new": new,
                                       "label_zh": REGISTRY[name].label_zh, "label_en": REGISTRY[name].label_en})
            self._changed()
        return {k: list(v) for k, v in changed.items()}

    def end(self) -> None:
        self.ended = True
        self.round_weeks_left, self.deadline_s = 0, None
        self._changed()

    def roster(self) -> list[dict[str, Any]]:
        now = self.clock()
        rows = []
        for s in self.students.values():
            zh, en = s.role.title(self.model)
            rows.append({
                "name": s.name, "role": s.role.key, "role_zh": zh, "role_en": en,
                "answered": s.token in self.answers, "present": now - s.last_seen_s <= AWAY_AFTER_S,
                "weeks_answered": len(s.answered_weeks), "weeks_simulated": len(s.simulated_weeks),
            })
        return rows


def clean_name(name: Any) -> str:
    """A display name: 1 to NAME_MAX_CHARS printable characters, surrounding spaces removed."""
    if not isinstance(name, str) or not name.strip():
        raise AnswerError(400, "请输入姓名或昵称 / a display name is required")
    cleaned = " ".join(name.split())
    if len(cleaned) > NAME_MAX_CHARS or any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise AnswerError(422, f"名字最多 {NAME_MAX_CHARS} 个字符且不能含控制字符 / names have at most {NAME_MAX_CHARS} printable characters")
    return cleaned


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _plain(answers: dict[str, Any] | None) -> dict[str, Any] | None:
    if answers is None:
        return None
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
