"""Names from the parameter registry that need neither pydantic nor numpy.

:mod:`sim.parameters` re-exports them; the command line reads them from here, so that
``cogov --help`` can show them without building the registry (see the README, "Performance").
"""

from __future__ import annotations

#: Parameter groups, in display order, with Chinese and English titles.
GROUPS: dict[str, tuple[str, str]] = {
    "levers": ("主要政策杠杆", "Main policy levers"),
    "secondary": ("辅助政策杠杆", "Secondary levers"),
    "space": ("空间", "Space"),
    "population": ("居民", "Residents"),
    "party": ("党员", "Party members"),
    "core": ("社区党组织与居委会", "Community core"),
    "actors": ("物业、业委会与社会组织", "Firms, committees and social organisations"),
    "problems": ("社区问题", "Neighbourhood problems"),
    "behaviour": ("行为规则", "Behavioural rules"),
    "shock": ("冲击与韧性", "Shock and resilience"),
    "run": ("运行设置", "Run settings"),
    "output": ("输出", "Output"),
}

PARTICIPATION_RULES = ("logistic", "threshold", "aspiration")
