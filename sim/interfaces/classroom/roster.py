"""Who is in the class: students, their names and devices, and the limits on joining.

A student is admitted with the join code, a display name and a device secret (generated once by
their browser and kept there): the role token they get works only with that secret and from the
address they joined from, so a token copied to another browser, even behind the same address, is
refused. Joining again from the same browser gives back the same role. One address may admit
only a few students (``--joins-per-address``, small by default, higher for shared computers),
names that the teacher's own roles use are reserved, and the teacher can remove a student (the
device cannot join again) or move them to another role.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sim.interfaces.classroom.roles import AnswerError, Role
from sim.interfaces.classroom.security import name_key

#: Students one address may admit (a phone each; raise it for a computer room's shared machines).
DEFAULT_JOINS_PER_ADDRESS = 2
NAME_MAX_CHARS = 20
#: The name the teacher's own role (the community secretary, ``--secretary teacher``) shows.
TEACHER_NAME = "教师 Teacher"
#: Words no student's name may contain (compared by :func:`~sim.interfaces.classroom.security.name_key`):
#: the teacher's roles use them, and a student using one could pass for the teacher.
RESERVED_WORDS = ("教师", "老师", "teacher", "管理员", "admin")


@dataclass
class Student:
    number: int  # the roster's number of this student (what the teacher's page names them by)
    token: str
    name: str
    role: Role
    address: str  # the device's address when joining; the token works only from there
    device: str  # fingerprint of the secret the student's browser keeps
    joined_s: float
    last_seen_s: float
    answered_weeks: list[int] = field(default_factory=list)
    simulated_weeks: list[int] = field(default_factory=list)
    teacher: bool = False  # the teacher's own role


def clean_name(name: Any) -> str:
    """A display name: 1 to NAME_MAX_CHARS printable characters, surrounding spaces removed, and
    no word the teacher's roles use."""
    if not isinstance(name, str) or not name.strip():
        raise AnswerError(400, "请输入姓名或昵称", "a display name is required")
    cleaned = " ".join(name.split())
    if len(cleaned) > NAME_MAX_CHARS or any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise AnswerError(422, f"名字最多 {NAME_MAX_CHARS} 个字符，且不能含控制字符",
                          f"names have at most {NAME_MAX_CHARS} printable characters")
    key = name_key(cleaned)
    if any(name_key(word) in key for word in RESERVED_WORDS):
        raise AnswerError(422, "这个名字留给老师使用，请换一个名字", "that name is kept for the teacher; choose another one")
    return cleaned


def roster_row(student: Student, model, answered: bool, present: bool, ended: bool) -> dict[str, Any]:
    """One line of the teacher's roster (no token: the teacher's page names students by number)."""
    zh, en = student.role.title(model)
    return {
        "number": student.number, "name": student.name, "role": student.role.key, "role_zh": zh, "role_en": en,
        "answered": answered, "present": present, "teacher": student.teacher, "ended": ended,
        "weeks_answered": len(student.answered_weeks), "weeks_simulated": len(student.simulated_weeks),
    }
