"""Agent-based model of Party-led community co-governance (党领共治) in Chinese urban neighbourhoods.

Quick start::

    from sim import CoGovernanceModel
    model = CoGovernanceModel(empowerment=0.8, rng=42)
    for _ in range(104):
        model.step()
    model.datacollector.get_model_vars_dataframe().tail()

The parameter registry is :mod:`sim.parameters`; outcomes are declared in :mod:`sim.model.outcomes`;
scenario files are read by :mod:`sim.scenarios`.
"""

__all__ = ["CoGovernanceModel", "Parameters", "__version__"]


def __getattr__(name: str):
    """Import the model lazily, so `cogov --help` and light commands do not load Mesa (nor importlib.metadata)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("cogov")
        except PackageNotFoundError:  # running from a source tree that was not installed
            value = "0.0.0+unknown"
        globals()["__version__"] = value
        return value
    if name == "CoGovernanceModel":
        from sim.model import CoGovernanceModel

        return CoGovernanceModel
    if name == "Parameters":
        from sim.parameters import Parameters

        return Parameters
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
