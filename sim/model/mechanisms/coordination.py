"""Cross-actor works wait for every party's commitment; joint meetings decide together (DESIGN §5.6).

Major works (lift retrofits, renovation) need the owners (through their owners' committee, or,
without one, consent gathered by the core), the property firm and the core, and, without
empowerment, sub-district approval after its wait (S1 §2.1, S4 §1: 吹哨报到).

Between meetings each party commits on its own with a low weekly chance (fragmentation 碎片化,
S1 §1.2): the firm with p_commit_independent, raised by embedded_commit_bonus x the effective
activeness of a Party member holding a post in it (brokerage, 交叉任职, S4 §1); the core with
p_commit_independent; the owners' committee decides once a week for all its compound's works,
with chance legitimacy x p_commit_independent plus the same brokerage bonus; without a committee
the owners consent with consent_without_committee_factor x p_commit_independent.

A joint meeting (联席议事, S1 §2.3, S4 §1) brings every pending work's parties to one table and
decides each work jointly: it goes ahead, with every party committed at once, with probability
prod_i a_i over the parties not yet committed, where a_i = p_commit_meeting for the core,
p_commit_meeting + (1 - p_commit_meeting) x embedded_commit_bonus x [the embedded member attends]
for the firm, and the owners' committee agrees (once per meeting, for its compound) with
legitimacy x the same expression (consent_without_committee_factor x p_commit_meeting without a
committee). So a meeting works better with more embedded members at the table and a legitimate
committee, and worse for works that still need more parties. An embedded member attends with
probability equal to their effective activeness (formalism keeps them away). A meeting costs
the core ``meeting_staff_effort`` in the week it is held (reserved before dispatch, see
:func:`convene`), and is held only if the core has that capacity, so frequent meetings crowd
out dispatch and patrols: meeting frequency has an optimum (deviation: the first version let
each party draw separately at a meeting and charged nothing; ODD §5).
Draws come from the ``coordination`` stream. Once a work is fully coordinated its money is
raised (sub-district subsidy, owners' share, maintenance fund, core budget, pool: see
:mod:`.money`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.kernels import coordinating
from sim.model.mechanisms.embedding import effective_activeness, post_activeness
from sim.model.problems import NEEDS_APPROVAL, NEEDS_COMMITTEE, NEEDS_CORE, NEEDS_FIRM

if TYPE_CHECKING:
    from sim.model.cogovernance import CoGovernanceModel


def convene(model: CoGovernanceModel, t: int) -> None:
    """Decide whether a joint meeting is held this week, and reserve its staff time."""
    p = model.p
    scheduled = p.meeting_interval_steps > 0 and t % p.meeting_interval_steps == 0
    wanted = model.choices.decide("core", None, "hold_meeting", scheduled)
    model.meeting_held = bool(wanted) and model.core_time.left >= p.meeting_staff_effort
    if model.meeting_held:
        model.core_time.spend_up_to(p.meeting_staff_effort)
        model.meetings_held += 1


def coordinate(model: CoGovernanceModel, t: int) -> None:
    p, book, rng = model.p, model.problems, model.streams.coordination
    choices = model.choices
    activeness = effective_activeness(model)
    attends = rng.random(len(activeness)) < activeness
    if model.meeting_held:  # only members with a choice or under watch need a look (role play)
        chosen = set(choices.decisions.members) if choices.decisions is not None else set()
        watched = set(choices.watch.members) if choices.watch is not None else set()
        for member in sorted(chosen | watched):
            attends[member] = choices.decide("members", member, "attend_meeting", bool(attends[member]))
    committee_draw = rng.random(model.n_compounds)
    if kernels.ENABLED:
        pending = coordinating.pending_works(book.open_ids, book.needs, book.committed)
    else:
        open_ids = book.open_ids
        pending = open_ids[(book.needs[open_ids] > 0) & (book.committed[open_ids] != book.needs[open_ids])]
    committee = model.committee_actor
    legitimacy = model.committee_legitimacy_by_compound()
    owners = np.where(committee >= 0, legitimacy, p.consent_without_committee_factor)
    bonus = p.embedded_commit_bonus
    if model.meeting_held:
        holder_attends = np.zeros(len(model.actor_kind), dtype=bool)
        has_post = model.post_holder >= 0
        holder_attends[has_post] = attends[model.post_holder[has_post]]
        at_table = p.p_commit_meeting + (1 - p.p_commit_meeting) * bonus * holder_attends
        committee_agrees = owners * np.where(committee >= 0, at_table[np.maximum(committee, 0)], p.p_commit_meeting)
        firm_agrees = at_table[model.firm_actor]
        core_agrees = p.p_commit_meeting
    else:
        brokerage = bonus * post_activeness(model, np.arange(len(model.actor_kind)))
        committee_agrees = np.where(
            committee >= 0, legitimacy * p.p_commit_independent + brokerage[np.maximum(committee, 0)], owners * p.p_commit_independent
        )
        firm_agrees = p.p_commit_independent + brokerage[model.firm_actor]
        core_agrees = p.p_commit_independent
    committee_agrees = np.clip(committee_agrees * model.capacity_factor, 0, 1)
    firm_agrees = np.clip(firm_agrees * model.capacity_factor, 0, 1)
    core_agrees = min(1.0, core_agrees * model.capacity_factor)

    # The owners' committee decides once a week (or once per meeting) for all its compound's works.
    approves = committee_draw < committee_agrees
    committees = np.flatnonzero(committee >= 0)
    approves[committees] = model.choices.decide_each("committees", committees, "approve_works", approves[committees])
    draws = rng.random((3, len(pending)))
    if len(pending) == 0:
        return
    if kernels.ENABLED:
        coordinating.commit(t, pending, draws, model.meeting_held, book.compound, book.needs, book.committed, book.approval_step,
                            committee, approves, committee_agrees, firm_agrees, core_agrees)
        return
    compound = book.compound[pending]
    committed = book.committed[pending]
    needs = book.needs[pending]
    owners_yes = np.where(committee[compound] >= 0, approves[compound], draws[0] < committee_agrees[compound])
    if model.meeting_held:
        missing_firm = (needs & ~committed & NEEDS_FIRM) > 0
        missing_core = (needs & ~committed & NEEDS_CORE) > 0
        missing_owners = (needs & ~committed & NEEDS_COMMITTEE) > 0
        others = np.where(missing_firm, firm_agrees[compound], 1.0) * np.where(missing_core, core_agrees, 1.0)
        together = (draws[1] < others) & (owners_yes | ~missing_owners)
        committed |= np.where(together, needs & (NEEDS_COMMITTEE | NEEDS_FIRM | NEEDS_CORE), 0).astype(np.uint8)
    else:
        committed |= np.where(owners_yes, NEEDS_COMMITTEE, 0).astype(np.uint8)
        committed |= np.where(draws[1] < firm_agrees[compound], NEEDS_FIRM, 0).astype(np.uint8)
        committed |= np.where(draws[2] < core_agrees, NEEDS_CORE, 0).astype(np.uint8)
    committed &= needs | NEEDS_APPROVAL
    approved = ((needs & NEEDS_APPROVAL) > 0) & (t >= book.approval_step[pending])
    committed |= np.where(approved, NEEDS_APPROVAL, 0).astype(np.uint8)
    book.committed[pending] = committed

