"""Independent random streams, one per process of the model (common random numbers).

Every random draw of a run comes from one of the named generators below, each spawned from the
run's seed with :class:`numpy.random.SeedSequence`. A process draws from its own stream only,
and the streams that build the community and bring its problems (``households``, ``condition``,
``members``, ``organisations``, ``arrivals``) draw the same numbers whatever the levers are. So
the same seed gives the same households, organisations and problem arrivals under every lever
setting, and a lever changes only what happens to those problems (paired comparisons on
common random numbers, Law 2015 §11.2). Mesa's own ``model.random`` / ``model.rng`` stay seeded
from the same value as Mesa expects; the model's mechanisms do not use them.
"""

from __future__ import annotations

import numpy as np

#: Stream names, in spawn order. Appending a name keeps the existing streams' numbers.
STREAMS = (
    "households",  # set-up: dwellings, ages, incomes, memberships, beliefs, thresholds, patience
    "condition",  # set-up: each compound's physical condition
    "members",  # set-up: in-service members' buildings, the order in which members take posts
    "organisations",  # set-up: owners' committee formation, embedding orders, organisations' places
    "arrivals",  # weekly problem arrivals and their sizes and routing
    "shocks",  # the shock's burst of problems
    "reporting",  # residents' reports and grid patrols' discoveries
    "outreach",  # Party members' visits and organisations' activities
    "participation",  # residents' participation decisions
    "coordination",  # commitments to cross-actor works, meeting attendance
    "feedback",  # hotline complaints, first and repeated
    "exits",  # households that stop waiting, major works shelved
)


class Streams:
    """The named generators of one run (attributes named as in :data:`STREAMS`)."""

    def __init__(self, seed: int):
        self.seed = seed
        children = np.random.SeedSequence(seed).spawn(len(STREAMS))
        for name, child in zip(STREAMS, children, strict=True):
            setattr(self, name, np.random.default_rng(child))

    def for_item(self, name: str, index: int) -> np.random.Generator:
        """A generator of one item of a process (e.g. social organisation ``index``), independent of
        how many items there are: adding an item leaves the others' draws unchanged."""
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(STREAMS.index(name), 1_000_000 + index)))

    households: np.random.Generator
    condition: np.random.Generator
    members: np.random.Generator
    organisations: np.random.Generator
    arrivals: np.random.Generator
    shocks: np.random.Generator
    reporting: np.random.Generator
    outreach: np.random.Generator
    participation: np.random.Generator
    coordination: np.random.Generator
    feedback: np.random.Generator
    exits: np.random.Generator
