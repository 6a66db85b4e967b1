"""The model: the community, its agents and institutions, and the weekly schedule.

``CoGovernanceModel`` (in :mod:`sim.model.cogovernance`) holds set-up and the schedule; each
mechanism of the schedule lives in its own module; :mod:`sim.model.outcomes` declares what is
measured. Imported lazily so that light modules (outcome labels for the command line) do not
load Mesa.
"""

__all__ = ["REFORM_LEVERS", "CoGovernanceModel"]


def __getattr__(name: str):
    if name in __all__:
        from sim.model import cogovernance

        return getattr(cogovernance, name)
    raise AttributeError(f"module 'sim.model' has no attribute {name!r}")
