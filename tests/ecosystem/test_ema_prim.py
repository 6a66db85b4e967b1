"""EMA Workbench drives the model through sim.ema, reproducibly, and PRIM finds the lever that matters."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from ecosystem_helpers import TINY_VALUES

pytest.importorskip("ema_workbench")


def tiny_model(**options):
    from sim.ema import ema_model

    return ema_model(
        steps=6,
        levers={"empowerment": (0, 1), "formalism": (0, 0.9)},
        uncertainties={"weight_efficacy": (1, 3), "trust_decay_week": (0.0, 0.1)},
        outcomes=["resolution_rate", "core_effective_capacity"],
        fixed=TINY_VALUES,
        **options,
    )


def test_sim_ema_imports_without_ema_workbench():
    code = ("import sys; sys.modules['ema_workbench'] = None; import sim.ema; "
            "from sim.errors import UserInputError\n"
            "try:\n    sim.ema.ema_model()\nexcept UserInputError as e:\n    print(e)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install ema_workbench" in out


def test_model_declares_levers_uncertainties_outcomes_from_the_registry():
    from ema_workbench import ReplicatorModel

    from sim.ema import ema_model
    from sim.parameters import REGISTRY

    model = ema_model(replications=3)
    assert isinstance(model, ReplicatorModel) and len(model.replications) == 3
    levers = {p.name: p for p in model.levers}
    assert {"empowerment", "pooling", "embedding", "formalism"} <= set(levers)
    uncertainties = {p.name: p for p in model.uncertainties}
    assert uncertainties["p_give_up_week"].lower_bound == REGISTRY["p_give_up_week"].minimum
    assert uncertainties["p_give_up_week"].upper_bound == REGISTRY["p_give_up_week"].maximum
    assert "resolution_rate" in {o.name for o in model.outcomes}


def test_out_of_registry_range_is_refused():
    from sim.ema import ema_model
    from sim.errors import UserInputError

    with pytest.raises(UserInputError, match="formalism.*0 to 0.95"):
        ema_model(levers={"formalism": (0, 2)})


@pytest.mark.slow
def test_experiments_are_reproducible_and_prim_finds_empowerment():
    from ema_workbench.analysis import prim

    from sim.ema import run_experiments

    model = tiny_model()
    experiments, outcomes = run_experiments(model, scenarios=8, policies=8, seed=3, log_progress=False)
    again, outcomes_again = run_experiments(model, scenarios=8, policies=8, seed=3, log_progress=False)
    assert len(experiments) == 64
    np.testing.assert_array_equal(outcomes["resolution_rate"], outcomes_again["resolution_rate"])
    assert experiments["empowerment"].equals(again["empowerment"])

    # scenario discovery: where is the core's effective capacity in its top quarter?
    capacity = outcomes["core_effective_capacity"]
    x = experiments[["empowerment", "formalism", "weight_efficacy", "trust_decay_week"]]
    found = prim.Prim(x, capacity > np.quantile(capacity, 0.75), peel_alpha=0.1)
    box = found.find_box()
    limits = box.box_lims[box._cur_box]
    assert box.coverage >= 0.8 and box.density >= 0.8, (box.coverage, box.density)
    # the box restricts the levers that free the core's capacity, and leaves the behavioural uncertainties open
    assert limits.loc[0, "empowerment"] > x["empowerment"].min() or limits.loc[1, "formalism"] < x["formalism"].max()
    for name in ("weight_efficacy", "trust_decay_week"):
        assert limits.loc[0, name] == x[name].min() and limits.loc[1, name] == x[name].max()


def test_a_share_varied_alone_rescales_the_rest_of_the_problem_mix():
    from sim.parameters import COMPOSITIONS, REGISTRY, rescale_composition

    members = COMPOSITIONS["problem_mix"]
    values = rescale_composition({"share_repair": 0.6}, fixed=["share_repair"])
    assert sum(values[m] for m in members) == pytest.approx(1.0)
    # the others keep their proportions: environment : services as in the registry
    ratio = REGISTRY["share_environment"].default / REGISTRY["share_services"].default
    assert values["share_environment"] / values["share_services"] == pytest.approx(ratio)
    with pytest.raises(ValueError, match="leaves nothing"):
        rescale_composition({"share_repair": 0.7, "share_disputes": 0.5}, fixed=["share_repair", "share_disputes"])


def walkthrough_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "ema_prim_walkthrough.py"
    spec = importlib.util.spec_from_file_location("ema_prim_walkthrough", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_walkthrough_code_is_the_example_file_verbatim():
    from sim.interfaces.docs import block

    script = walkthrough_script()
    text = script.DOCUMENT.read_text(encoding="utf-8")
    code = script.WALKTHROUGH.read_text(encoding="utf-8").rstrip("\n")
    assert block(text, "WALKTHROUGH_CODE") == f"```python\n{code}\n```"
    measured = block(text, "WALKTHROUGH_TIME")
    assert "EMA's default evaluator" in measured and "one core" in measured and "-core" in measured


@pytest.mark.slow
def test_docs_walkthrough_numbers_are_what_the_walkthrough_gives_now():
    """The trajectory, box and reading docs/ema_prim.md quotes come from running the walk-through (about 40 s on one core)."""
    from sim.interfaces.docs import block

    script = walkthrough_script()
    namespace, _ = script.run_walkthrough()
    text = script.DOCUMENT.read_text(encoding="utf-8")
    assert block(text, "WALKTHROUGH_RESULT") == script.result_markdown(namespace), (
        "docs/ema_prim.md is out of date: run `python scripts/ema_prim_walkthrough.py`")
    # the box is found on the run's own data: the chosen step covers at least 80% of the cases
    trajectory = namespace["box"].peeling_trajectory
    assert trajectory.loc[namespace["chosen"], "coverage"] >= script.MIN_COVERAGE
