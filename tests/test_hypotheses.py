"""Direction of hypotheses H1, H2, H3 and H8 (DESIGN §8) on the shipped scenarios.

Every scenario runs on the same replicate seeds (common random numbers, :func:`sim.experiments.runs.
replicate_seeds`), so each claim is tested on paired differences: the mean paired difference's
95% t interval must lie above zero. 40 x 40 cells (the default community), 104 weeks, a fixed
master seed, on a process pool of two.

Replicates: 24 for the four scenarios of H3 (baseline, pooling, embedding, both), 8 for
empowerment (H1 is a large effect). H3's effects are small against their run-to-run noise: at
16 replicates the pooling effect on the cross-actor resolution rate (about +0.03, paired sd
about 0.035) and the pooling x embedding interaction (about +0.05, paired sd about 0.05)
missed 0 in one of six master seeds tried; at 24 replicates both should exclude 0 in about 99%
of seeds. The joint effect must also exceed the larger single-lever effect (a margin of about
+0.07, which is never in doubt).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.experiments.executors import execute
from sim.experiments.runs import RunSpec, replicate_seeds
from sim.scenarios import load_scenario

pytestmark = pytest.mark.slow

MASTER_SEED = 20240601
REPLICATES = 24
EMPOWERMENT_REPLICATES = 8
STEPS = 104
LATE_WEEKS = 26  # participation is averaged over the last half year of each run

COMBINED = """
[scenario]
title_zh = "资源整合加组织嵌入"
title_en = "Pooling with embedding"
extends = ["pooling", "embedding"]
hypotheses = ["H3"]
sources = ["S1", "S4"]
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> pd.DataFrame:
    """Time series of every (scenario, replicate), all scenarios on the same seeds."""
    folder = tmp_path_factory.mktemp("scenarios")
    (folder / "pooling_embedding.toml").write_text(COMBINED, encoding="utf-8")
    scenarios = {name: load_scenario(name) for name in ("baseline", "empowerment", "embedding", "pooling")}
    scenarios["pooling_embedding"] = load_scenario(folder / "pooling_embedding.toml")
    assert scenarios["pooling_embedding"].parameters.pooling == scenarios["pooling"].parameters.pooling > 0
    assert scenarios["pooling_embedding"].parameters.embedding == scenarios["embedding"].parameters.embedding > 0
    seeds = replicate_seeds(MASTER_SEED, REPLICATES)
    specs = [
        RunSpec(s.parameters.model_dump(), seed, STEPS, labels=(("scenario", name), ("replicate", r)))
        for name, s in scenarios.items()
        for r, seed in enumerate(seeds[:EMPOWERMENT_REPLICATES] if name == "empowerment" else seeds)
    ]
    frames = [frame for _, frame in execute(specs, workers=2, progress=False)]
    return pd.concat(frames, ignore_index=True)


def final(runs: pd.DataFrame, scenario: str, outcome: str) -> pd.Series:
    rows = runs[(runs["scenario"] == scenario) & (runs["step"] == STEPS)]
    return rows.set_index("replicate")[outcome].sort_index()


def late_mean(runs: pd.DataFrame, scenario: str, outcome: str) -> pd.Series:
    rows = runs[(runs["scenario"] == scenario) & (runs["step"] > STEPS - LATE_WEEKS)]
    return rows.groupby("replicate")[outcome].mean().sort_index()


def paired_interval(differences: pd.Series, replicates: int = REPLICATES) -> tuple[float, float, float]:
    """Mean of paired differences with its 95% t interval (pairs missing on either side are dropped)."""
    values = differences.dropna().to_numpy()
    assert len(values) == replicates, f"{len(values)} pairs, expected {replicates}"
    mean = values.mean()
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return mean, mean - half, mean + half


def assert_positive(differences: pd.Series, what: str, replicates: int = REPLICATES) -> None:
    mean, low, high = paired_interval(differences, replicates)
    assert low > 0, f"{what}: mean paired difference {mean:+.4f}, 95% CI [{low:+.4f}, {high:+.4f}] does not exclude 0"


def test_h1_empowerment_raises_resolution(runs):
    outcome = "resolution_rate"
    differences = final(runs, "empowerment", outcome) - final(runs, "baseline", outcome)
    assert_positive(differences, "H1 resolution_rate", EMPOWERMENT_REPLICATES)


def test_h2_embedding_raises_cross_actor_resolution(runs):
    outcome = "cross_actor_resolution_rate"
    assert_positive(final(runs, "embedding", outcome) - final(runs, "baseline", outcome), "H2 cross-actor resolution")


def test_h2_embedding_raises_participation(runs):
    outcome = "participation_rate"
    assert_positive(late_mean(runs, "embedding", outcome) - late_mean(runs, "baseline", outcome), "H2 participation")


def test_h3_pooling_raises_cross_actor_resolution(runs):
    outcome = "cross_actor_resolution_rate"
    assert_positive(final(runs, "pooling", outcome) - final(runs, "baseline", outcome), "H3 pooling")


def test_h3_pooling_with_embedding_is_more_than_additive(runs):
    """1 + 1 > 2: the joint effect exceeds the sum of the separate effects (interaction > 0)."""
    outcome = "cross_actor_resolution_rate"
    names = ("baseline", "pooling", "embedding", "pooling_embedding")
    base, pool, embed, both = (final(runs, name, outcome) for name in names)
    assert_positive(both - base, "H3 joint effect")
    assert_positive(both - np.maximum(pool, embed), "H3 joint effect over the larger single lever")
    assert_positive((both - base) - (pool - base) - (embed - base), "H3 interaction (1+1>2)")


def test_h8_retirees_participate_most_and_working_age_least(runs):
    young, working, retired = (
        late_mean(runs, "baseline", f"participation_rate_{group}") for group in ("young", "working", "retired")
    )
    assert_positive(retired - young, "H8 retired over young")
    assert_positive(young - working, "H8 young over working-age")
    assert (retired > working).all()
    ratio = retired.mean() / young.mean()
    assert ratio >= 2, f"H8: retired participate only {ratio:.2f} times as much as the young"
