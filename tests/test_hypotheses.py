"""The hypothesis designs of :mod:`sim.analysis.hypotheses`, run by :mod:`sim.analysis.hypothesis_tests`.

Fast tests check the declarative table (a ROPE for every decided measure, a reason for every
context row), the verdict rule's four outcomes on synthetic paired differences, the generic
guard against deterministic rows, the fitted half-time of H4 on synthetic paths, the censored
recovery summary and a design whose answer is known by construction (a lever the model does not
read under the chosen rule gives identical runs, so "context (deterministic)"). The slow tests
run H1, H2 and H8 at 24 replicates on the default community and assert the verdicts of
docs/ODD.md §6.5, and check that H4's lag does not move with the run length.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from sim.analysis.hypotheses import ARMS, HYPOTHESES, HYPOTHESIS_BY_KEY, Arm, Hypothesis, Measure, check_table, paired
from sim.analysis.hypotheses import subsidy_following_works
from sim.analysis.hypothesis_tables import RULE_DEPENDENT, cell_text, robustness_text
from sim.analysis.hypothesis_tests import (
    Panel,
    arm_parameters,
    columns_of,
    judge,
    mark_rule_dependence,
    recovery_times,
    restricted_mean,
    run_hypotheses,
    verdict_of,
)
from sim.vocabulary import PARTICIPATION_RULES
from sim.analysis.response_fit import LEVELLED_OFF, fit_rise, rise
from sim.analysis.verdict_rule import is_deterministic, t_interval
from sim.interfaces.cli import main

MASTER_SEED = 20240601


def test_table_declares_h1_to_h9_with_known_arms_and_outcomes():
    assert [h.key for h in HYPOTHESES] == [f"H{i}" for i in range(1, 10)]
    assert check_table() == []
    for hypothesis in HYPOTHESES:
        assert hypothesis.statement_zh and hypothesis.statement_en and hypothesis.source
        assert hypothesis.measures, hypothesis.key


def test_table_flags_an_unknown_outcome(monkeypatch):
    broken = Hypothesis("HX", "甲", "x", "S1", "paired", (Measure("m", "甲", "m", "contrast", +1, paired("baseline", "baseline", "no_such_outcome")),))
    monkeypatch.setattr("sim.analysis.hypotheses.HYPOTHESES", (*HYPOTHESES, broken))
    assert any("no_such_outcome" in problem for problem in check_table())


@pytest.mark.parametrize(("low", "high", "expected", "rope", "verdict"), [
    (0.1, 0.3, +1, 0.05, "supports"), (-0.3, -0.1, +1, 0.05, "contradicts"), (-0.1, 0.2, +1, 0.05, "cannot tell"),
    (-0.3, -0.1, -1, 0.05, "supports"), (0.1, 0.3, -1, 0.05, "contradicts"), (0.01, 0.3, +1, 0.05, "cannot tell"),
    (-0.02, 0.03, +1, 0.05, "practically nil"), (-0.02, 0.03, -1, 0.05, "practically nil"),
    (0.0, 0.0, +1, 0.0, "cannot tell"), (math.nan, math.nan, +1, 0.05, "cannot tell"),
])
def test_verdict_rule(low, high, expected, rope, verdict):
    assert verdict_of(low, high, expected, rope) == verdict


ROPE = 0.05


@pytest.mark.parametrize(("centre", "spread", "expected", "verdict"), [
    (+0.20, 0.02, +1, "supports"),  # clearly beyond +ROPE
    (+0.20, 0.02, -1, "contradicts"),  # the same effect against a prediction of a fall
    (-0.20, 0.02, +1, "contradicts"),
    (-0.20, 0.02, -1, "supports"),
    (+0.01, 0.01, +1, "practically nil"),  # significant, but smaller than the smallest effect that matters
    (+0.01, 0.01, -1, "practically nil"),
    (+0.05, 0.10, +1, "cannot tell"),  # the interval straddles the ROPE's edge
    (+0.055, 0.02, +1, "cannot tell"),  # beyond zero and mostly beyond the ROPE, not entirely
])
def test_the_four_verdicts_on_synthetic_paired_differences(centre, spread, expected, verdict):
    rng = np.random.default_rng(7)
    noise = rng.standard_normal(30)
    differences = centre + spread * (noise - noise.mean()) / noise.std(ddof=1)  # mean and sd exactly as given
    _, low, high, _ = t_interval(differences)
    assert verdict_of(low, high, expected, ROPE) == verdict


def test_more_replicates_turn_a_tiny_significant_effect_into_practically_nil_not_supports():
    rng = np.random.default_rng(3)
    few, many = (0.01 + 0.03 * rng.standard_normal(n) for n in (5, 400))
    assert verdict_of(*t_interval(few)[1:3], +1, ROPE) == "cannot tell"
    assert verdict_of(*t_interval(many)[1:3], +1, ROPE) == "practically nil"


def test_identical_paired_values_are_deterministic_context():
    assert is_deterministic(np.full(5, 4.17))
    assert is_deterministic(np.array([1.0, 2.0]), 3.0, 3.0)  # a zero-width interval
    assert not is_deterministic(np.array([4.17, 4.18, 4.17]))
    assert not is_deterministic(np.array([math.nan, 1.0]))


def test_table_declares_a_rope_for_every_decided_measure_and_a_reason_for_every_context_row():
    for hypothesis in HYPOTHESES:
        for measure in hypothesis.measures:
            if measure.context:
                assert measure.context.strip()
            else:
                assert measure.rope[0] > 0 and measure.rope[1].strip(), f"{hypothesis.key}.{measure.key}"
    formula_rows = {(h.key, m.key) for h in HYPOTHESES for m in h.measures if m.context}
    assert {("H1", "capacity_freed"), ("H5", "capacity"), ("H5", "party_reach"), ("H6", "money")} <= formula_rows


def test_a_decided_measure_without_a_rope_is_flagged(monkeypatch):
    broken = Hypothesis("HX", "甲", "x", "S1", "paired", (Measure("m", "甲", "m", "contrast", +1, paired("baseline", "embedding", "resolution_rate")),))
    monkeypatch.setattr("sim.analysis.hypotheses.HYPOTHESES", (*HYPOTHESES, broken))
    assert any("ROPE" in problem for problem in check_table())


def test_a_measure_declared_decided_but_identical_in_every_replicate_gets_no_verdict():
    """The generic guard: a paired difference that is the same in every replicate is a formula, not a result."""
    measure = Measure("fixed", "甲", "fixed", "contrast", +1, paired("a", "b", "resolution_rate"), rope=(0.01, "test"))
    rows = [{"arm": arm, "rule": "logistic", "draw": "0", "replicate": r, "step": step,
             "resolution_rate": (0.5 + 0.01 * r + (0.3 if arm == "a" else 0.0)), "backlog": 1.0}
            for arm in ("a", "b") for r in range(4) for step in (0, 1)]
    runs = pd.DataFrame({"arm": ["a", "b"], "rule": ["logistic"] * 2, "draw": ["0"] * 2})
    verdicts, values = judge([Hypothesis("HX", "甲", "x", "S1", "paired", (measure,))], pd.DataFrame(rows), runs)
    row = verdicts.iloc[0]
    assert row["estimate"] == pytest.approx(0.3) and row["verdict"] == "context (deterministic)"
    assert row["rope"] == 0.01 and np.allclose(values["value"], 0.3)


@pytest.mark.parametrize("window", [150, 250, 400])
def test_the_fitted_half_time_does_not_move_with_the_window_once_the_path_levels_off(window):
    """A delayed exponential (delay 10, half-time 10 + 30 ln 2 = 30.8 weeks) with noise, seen for 150, 250 or 400 weeks."""
    weeks = np.arange(0, 20 + window + 1)
    truth = rise(np.maximum(weeks - 20.0, 0.0), 0.01, 10.0, 30.0)
    path = pd.Series(truth + 0.0004 * np.random.default_rng(window).standard_normal(len(weeks)), index=weeks)
    fit = fit_rise(path, 20)
    assert fit["why"] == ""
    assert fit["half_weeks"] == pytest.approx(10 + 30 * math.log(2), rel=0.1)


def test_a_path_that_has_not_levelled_off_cannot_tell():
    weeks = np.arange(0, 121)
    path = pd.Series(rise(np.maximum(weeks - 20.0, 0.0), 0.01, 5.0, 400.0), index=weeks)  # still almost linear at week 120
    fit = fit_rise(path, 20)
    assert math.isnan(fit["half_weeks"]) and fit["reached"] < LEVELLED_OFF and "not levelled off" in fit["why"]


def synthetic_panel(excess_by_replicate: list[list[float]], shock_week: int = 2) -> Panel:
    """A panel of H7's four arms where only the treated shock arm has excess unmet need."""
    steps = len(excess_by_replicate[0]) - 1
    rows = []
    for arm in ("hit", "spared"):
        for replicate, excess in enumerate(excess_by_replicate):
            for step in range(steps + 1):
                rows.append({"arm": arm, "replicate": replicate, "step": step, "backlog": 100.0 + (excess[step] if arm == "hit" else 0.0),
                             "problems_withdrawn": 0.0})
    runs = pd.DataFrame({"arm": ["hit", "spared"], "shock_week": [shock_week, 0], "recovery_tolerance": [0.2, 0.2],
                         "recovery_counts_given_up": [False, False]})
    return Panel(pd.DataFrame(rows), runs)


def test_runs_that_never_recover_are_censored_not_dropped():
    # recovered when the excess is back to 20% of its peak (10 problems)
    panel = synthetic_panel([[0, 0, 50, 30, 5, 5, 5], [0, 0, 50, 40, 30, 20, 15]])
    weeks, recovered, shock, horizon = recovery_times(panel, "hit", "spared")
    assert shock == 2 and horizon == 4
    assert recovered.tolist() == [True, False]
    assert weeks.tolist() == [2.0, 4.0]  # the second run is censored at the end of the run
    # Kaplan–Meier: S = 1 for t < 2, then 0.5 (one of two recovered, the other censored at 4): area 1 + 1 + 0.5 + 0.5
    assert restricted_mean(weeks, recovered, horizon) == pytest.approx(3.0)
    assert restricted_mean(weeks, np.array([False, False]), horizon) == horizon


def test_a_lever_the_model_does_not_read_gives_cannot_tell(tmp_path, monkeypatch):
    """Known by construction: under the logistic rule the aspiration learning rate is never read, so the arms are identical."""
    monkeypatch.setitem(ARMS, "inert_lever", Arm("baseline", (("aspiration_learning_rate", 0.9),)))
    inert = Hypothesis("H0", "无效杠杆", "An inert lever", "test", "paired", (
        Measure("resolution", "解决率", "resolution", "contrast", +1, paired("inert_lever", "baseline", "resolution_rate")),
        Measure("participation", "参与率", "participation", "contrast", +1, paired("inert_lever", "baseline", "participation_rate"), "late"),
    ))
    monkeypatch.setitem(HYPOTHESIS_BY_KEY, "H0", inert)
    verdicts, values, _ = run_hypotheses(["H0"], tmp_path / "inert", replicates=3, steps=30, seed=MASTER_SEED,
                                         rules=["logistic"], workers=1, progress=False)
    assert (verdicts["verdict"] == "context (deterministic)").all()  # identical arms: no verdict at all
    assert (values["value"] == 0).all()


def test_capacity_freed_is_context_not_a_verdict_and_a_rerun_resumes(tmp_path):
    """Empowerment frees the core's capacity by formula: shown, never decided; the same command on the same folder runs nothing again."""
    folder = tmp_path / "h1"
    verdicts, _, report = run_hypotheses(["H1"], folder, replicates=3, steps=30, seed=MASTER_SEED, rules=["logistic"],
                                         workers=1, progress=False)
    row = verdicts.set_index("measure").loc["capacity_freed"]
    assert row["verdict"] == "context" and row["estimate"] > 0 and row["ci_low"] == pytest.approx(row["ci_high"])
    decided = verdicts[~verdicts["verdict"].str.startswith("context")]
    assert (decided["ci_high"] > decided["ci_low"]).all()
    assert report.ran == 12  # four arms (two of them mediation arms) x three replicates
    again, _, report = run_hypotheses(["H1"], folder, replicates=3, steps=30, seed=MASTER_SEED, rules=["logistic"],
                                      workers=1, progress=False)
    assert report.ran == 0 and report.skipped == 12
    pd.testing.assert_frame_equal(verdicts, again)
    assert main(["report", str(folder)]) == 0
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "假设检验 Hypothesis tests" in page and "背景（不作判断） context" in page and "ROPE ±" in page
    assert "data:image/png;base64" in page


def test_posterior_draws_give_per_draw_verdicts(tmp_path):
    ensemble = pd.DataFrame({"participation_intercept": [-3.5, -2.0], "weight": [0.5, 0.5], "distance": [1.0, 1.0]})
    ensemble.to_parquet(tmp_path / "posterior.parquet")
    assert main(["hypotheses", "H8", "--replicates", "3", "--steps", "52", "--posterior", str(tmp_path / "posterior.parquet"),
                 "--draws", "2", "--rule", "logistic", "--out", str(tmp_path / "h8"), "--workers", "1", "--format", "csv",
                 "--quiet"]) == 0
    verdicts = pd.read_csv(tmp_path / "h8" / "verdicts.csv")
    assert set(verdicts["rule"]) == {"logistic", "posterior (logistic)"}  # a column of its own beside the rule's
    assert (verdicts.loc[verdicts["rule"] == "posterior (logistic)", "draws"] == 2).all()
    assert (verdicts.loc[verdicts["rule"] == "logistic", "draws"] == 1).all()
    assert set(verdicts.columns) >= {"draws_supporting", "draws_contradicting", "depends_on_posterior"}


@pytest.mark.parametrize(("arguments", "message"), [
    (["hypotheses", "H10"], "unknown hypothesis H10"),
    (["hypotheses", "H1", "--steps", "20"], "at least 52 weeks"),
    (["hypotheses", "H1", "--posterior", "/no/such/posterior.parquet"], "does not exist"),
    (["hypotheses", "H1", "--rule", "random"], "invalid choice"),
])
def test_bad_input_is_exit_2_with_a_message(capsys, arguments, message):
    assert main(arguments) == 2
    assert message in capsys.readouterr().err


def test_a_posterior_without_weights_is_refused(tmp_path, capsys):
    pd.DataFrame({"participation_intercept": [-3.0]}).to_parquet(tmp_path / "bad.parquet")
    assert main(["hypotheses", "H1", "--posterior", str(tmp_path / "bad.parquet")]) == 2
    assert "needs a 'weight' column" in capsys.readouterr().err


@pytest.mark.slow
def test_directions_of_h1_h2_and_h8(tmp_path):
    """The verdicts the status quo supports against their ROPEs, read from paired runs (context rows are not asserted).

    H3 is not here: at the defaults the major works that get coordinated are funded, so pooling
    cannot tell at the status quo (-0.037 [-0.078, +0.003] with 30 pairs, docs/ODD.md §6.0); that
    pooling acts where money binds is checked by the liveness test (SHORT_OF_MONEY).
    """
    verdicts, _, _ = run_hypotheses(["H1", "H2", "H8"], tmp_path / "directions", replicates=24, steps=104,
                                    seed=MASTER_SEED, rules=["logistic"], workers=2, progress=False)
    table = verdicts.set_index(["hypothesis", "measure"])
    for key in [("H1", "resolution"), ("H1", "core_queue"), ("H2", "participation")]:
        row = table.loc[key]
        assert row["verdict"] == "supports", f"{key}: {row['estimate']:+.4f} [{row['ci_low']:+.4f}, {row['ci_high']:+.4f}]"
    # H8 follows from the free-time inputs (the age groups differ in nothing else): context, never a verdict.
    assert table.loc["H8", "verdict"].str.startswith("context").all()
    # Embedding's effect on the few cross-actor works is positive but its interval reaches into the
    # five-point ROPE (+0.056 [+0.003, +0.110] at 30 replicates, docs/ODD.md §6.5): not contradicted.
    row = table.loc[("H2", "cross_actor")]
    assert row["estimate"] > 0 and row["verdict"] in ("supports", "cannot tell"), row["verdict"]


@pytest.mark.slow
def test_compare_over_a_posterior_pools_the_draws(tmp_path, capsys):
    pd.DataFrame({"participation_intercept": [-3.5, -2.0], "weight": [0.5, 0.5]}).to_parquet(tmp_path / "posterior.parquet")
    assert main(["compare", "baseline", "embedding", "--replicates", "2", "--steps", "12", "--workers", "1", "--quiet",
                 "--posterior", str(tmp_path / "posterior.parquet"), "--draws", "2", "--out", str(tmp_path / "cmp")]) == 0
    pooled = pd.read_csv(tmp_path / "cmp" / "posterior_summary.csv")
    assert (pooled["draws"] == 2).all() and (pooled["reference"] == "baseline").all()
    by_draw = pd.read_csv(tmp_path / "cmp" / "summary_by_draw.csv")
    assert set(by_draw["posterior_participation_intercept"]) <= {-3.5, -2.0}


def test_posterior_draws_run_on_independent_seeds_so_their_interval_holds_the_replicates_noise(tmp_path):
    """A posterior of one parameter set: every draw has the same parameters, so only seeds can tell
    the draws apart. On shared seeds the draws would be identical and the interval would have no width."""
    pd.DataFrame({"participation_intercept": [-2.5], "weight": [1.0]}).to_parquet(tmp_path / "posterior.parquet")
    assert main(["hypotheses", "H1", "--replicates", "2", "--steps", "52", "--posterior", str(tmp_path / "posterior.parquet"),
                 "--draws", "3", "--rule", "logistic", "--out", str(tmp_path / "h1"), "--workers", "1", "--format", "csv",
                 "--quiet"]) == 0
    verdicts = pd.read_csv(tmp_path / "h1" / "verdicts.csv")
    verdicts = verdicts[verdicts["rule"] == "posterior (logistic)"].set_index("measure")
    assert verdicts.loc["resolution", "ci_high"] > verdicts.loc["resolution", "ci_low"]
    values = pd.read_parquet(tmp_path / "h1" / "values.parquet")
    values = values[values["rule"] == "posterior (logistic)"]
    per_draw = values[values["measure"] == "resolution"].groupby("draw")["value"].mean()
    assert per_draw.nunique() == 3


@pytest.mark.slow
def test_h4_lag_does_not_move_with_the_run_length(tmp_path):
    """The referee's case: the lag was +29 weeks at --steps 104 and +67 at 208. Fitted on its own follow-up it agrees."""
    lags = {}
    for steps in (104, 208):
        folder = tmp_path / f"h4-{steps}"
        assert main(["hypotheses", "H4", "--replicates", "6", "--steps", str(steps), "--rule", "logistic", "--workers", "2", "--quiet",
                     "--format", "csv", "--seed", str(MASTER_SEED), "--out", str(folder)]) == 0
        lags[steps] = pd.read_csv(folder / "verdicts.csv").set_index("measure").loc["lag", "estimate"]
    assert all(np.isfinite(lag) for lag in lags.values()), lags
    assert abs(lags[208] - lags[104]) <= 0.25 * abs(lags[104]), lags


# ---------------------------------------------------------------------- mediation designs and rule columns
def core_share(p):
    """Share of the core's staff capacity left after burden and formalism (agents.py)."""
    return (1 - p["administrative_burden"] * (1 - p["empowerment"] * p["empowerment_burden_relief"])) * (1 - p["formalism"])


def test_mediation_arms_are_registry_parameters_that_switch_one_channel():
    """Each mediation arm is a parameter set of the registry: the channel it keeps matches, the one it drops is off."""
    base, empowered = arm_parameters("baseline", 104), arm_parameters("empowerment", 104)
    blocked, cut = arm_parameters("empowerment_relief_blocked", 104), arm_parameters("burden_cut", 104)
    assert blocked["empowerment"] == empowered["empowerment"] and blocked["empowerment_burden_relief"] == 0
    assert core_share(blocked) == pytest.approx(core_share(base))  # relief blocked: the core's capacity of the status quo
    assert cut["empowerment"] == 0 and core_share(cut) == pytest.approx(core_share(empowered))  # the burden cut, no lever
    heavy = arm_parameters("formalism_heavy", 104)
    capacity, members = arm_parameters("formalism_capacity_only", 104), arm_parameters("formalism_members_only", 104)
    assert capacity["formalism"] == base["formalism"] and core_share(capacity) == pytest.approx(core_share(heavy))
    assert members["formalism"] == heavy["formalism"] and core_share(members) == pytest.approx(core_share(base))
    unfunded, funding_cut = arm_parameters("empowerment_without_funding", 104), arm_parameters("funding_cut", 104)
    assert funding_cut["empowerment"] == 0
    assert funding_cut["subdistrict_funding_share"] == pytest.approx(subsidy_following_works(unfunded))
    inert = arm_parameters("embedding_posts_inert", 104)
    assert inert["embedding"] == arm_parameters("embedding", 104)["embedding"]
    assert inert["embedded_supervision"] == inert["embedded_commit_bonus"] == inert["embedded_reach_gain"] == 0


def test_a_derived_arm_follows_the_posterior_draw_it_runs_under():
    """Under a draw with another burden the burden cut is recomputed from that draw, not from the defaults."""
    extra = {"administrative_burden": 0.7, "participation_rule": "threshold"}
    empowered, cut = arm_parameters("empowerment", 104, extra), arm_parameters("burden_cut", 104, extra)
    assert core_share(cut) == pytest.approx(core_share(empowered)) and cut["participation_rule"] == "threshold"
    assert cut["administrative_burden"] != pytest.approx(arm_parameters("burden_cut", 104)["administrative_burden"])


def arm_value_panel(values_by_arm: dict[str, list[float]], outcome: str = "resolution_rate") -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [{"arm": arm, "rule": "logistic", "draw": "0", "replicate": r, "step": step, outcome: value, "backlog": 1.0}
            for arm, values in values_by_arm.items() for r, value in enumerate(values) for step in (0, 1)]
    runs = pd.DataFrame({"arm": list(values_by_arm), "rule": ["logistic"] * len(values_by_arm), "draw": ["0"] * len(values_by_arm)})
    return pd.DataFrame(rows), runs


def test_a_mediation_share_is_the_ratio_of_the_mean_contrasts_with_a_bootstrap_interval():
    """Treatment +0.20 over the reference, +0.05 with the channel blocked: 75% of the effect goes through the channel."""
    noise = np.array([0.0, 0.01, -0.01, 0.02, -0.02, 0.005])
    series, runs = arm_value_panel({"t": list(0.7 + noise), "blocked": list(0.55 + noise[::-1]), "ref": list(0.5 + noise)})
    share = Measure("share", "甲", "share", "share", +1, paired("t", "blocked", "resolution_rate"),
                    denominator=paired("t", "ref", "resolution_rate"), context="test")
    verdicts, _ = judge([Hypothesis("HX", "甲", "x", "S1", "paired", (share,))], series, runs)
    row = verdicts.iloc[0]
    assert row["estimate"] == pytest.approx(0.75) and row["verdict"] == "context"
    assert row["ci_low"] < 0.75 < row["ci_high"] and row["ci_high"] - row["ci_low"] < 0.3


def test_a_resolution_contrast_carries_governance_only_resolution_and_self_help_beside_it():
    rows = [{"arm": arm, "rule": "logistic", "draw": "0", "replicate": r, "step": step, "backlog": 1.0,
             "resolution_rate": 0.6 + 0.01 * r + (0.1 if arm == "t" else 0), "governance_resolution_rate": 0.3 + (0.3 if arm == "t" else 0),
             "self_help_share": 0.5 - 0.01 * r - (0.25 if arm == "t" else 0)}
            for arm in ("t", "ref") for r in range(4) for step in (0, 1)]
    runs = pd.DataFrame({"arm": ["t", "ref"], "rule": ["logistic"] * 2, "draw": ["0"] * 2})
    measure = Measure("resolution", "解决率", "resolution", "contrast", +1, paired("t", "ref", "resolution_rate"), rope=(0.02, "test"))
    verdicts, _ = judge([Hypothesis("HX", "甲", "x", "S1", "paired", (measure,))], pd.DataFrame(rows), runs)
    found = json.loads(verdicts.iloc[0]["details"])["companions"]
    assert found["governance_resolution_rate"][0] == pytest.approx(0.3)
    assert found["self_help_share"][0] == pytest.approx(-0.25)
    lines = cell_text(verdicts.iloc[0])
    assert any(line.startswith("治理体系 governance +0.3") for line in lines) and any("self-help" in line for line in lines)


def test_a_verdict_that_changes_with_the_participation_rule_is_flagged():
    frame = pd.DataFrame({"hypothesis": ["H2"] * 4 + ["H8"] * 3, "measure": ["a"] * 4 + ["b"] * 3,
                          "rule": ["logistic", "threshold", "aspiration", "posterior (logistic)", "logistic", "threshold", "aspiration"],
                          "verdict": ["supports", "cannot tell", "supports", "contradicts", "supports", "supports", "supports"]})
    marked = mark_rule_dependence(frame)
    assert marked.loc[marked["hypothesis"] == "H2", "depends_on_rule"].all()
    assert not marked.loc[marked["hypothesis"] == "H8", "depends_on_rule"].any()  # the posterior column is read apart
    assert robustness_text(marked[marked["hypothesis"] == "H2"]) == RULE_DEPENDENT


def test_cogov_hypotheses_shows_all_three_rules_by_default():
    from sim.interfaces.cli import build_parser

    args = build_parser().parse_args(["hypotheses", "H1"])
    assert args.rule == "all"
    assert [label for label, _, _ in columns_of(list(PARTICIPATION_RULES), None)] == list(PARTICIPATION_RULES)


@pytest.mark.slow
def test_h1_goes_through_burden_relief_and_governance_not_self_help(tmp_path):
    """The referee's mediation arms (6 seeds): empowerment's gain is lost when its burden relief is blocked, and the
    same burden cut without the lever gives most of it; governance resolution rises while the self-help share falls."""
    verdicts, _, _ = run_hypotheses(["H1"], tmp_path / "h1", replicates=6, steps=104, seed=MASTER_SEED,
                                    rules=["logistic"], workers=2, progress=False)
    table = verdicts.set_index("measure")
    assert table.loc["share_through_relief", "estimate"] > 0.6, table.loc["share_through_relief", "estimate"]
    assert table.loc["burden_cut_alone", "estimate"] > 0.5 * table.loc["resolution", "estimate"] > 0
    assert abs(table.loc["relief_blocked", "estimate"]) < 0.5 * table.loc["resolution", "estimate"]
    found = json.loads(table.loc["resolution", "details"])["companions"]
    assert found["governance_resolution_rate"][1] > 0 and found["self_help_share"][2] < 0, found
