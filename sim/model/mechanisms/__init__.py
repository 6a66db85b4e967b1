"""The model's mechanisms, one module each, in the order the weekly schedule runs them.

Each module's docstring states its rule, its source (S1-S5 as in :mod:`sim.parameters`, or the
literature) and any deliberate deviation from the design; docs/ODD.md §3.4 describes them all.
Every function takes the model and acts on its state; the model class holds set-up and the
schedule (:meth:`sim.model.cogovernance.CoGovernanceModel.step`).
"""
