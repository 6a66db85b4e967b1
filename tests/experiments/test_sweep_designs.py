"""Designs and their expansion: grid combinations, ranges, SALib samples, whole-number rounding."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import UserInputError
from sim.experiments.designs import design_points, design_seed
from sim.experiments.spec import sweep_from_arguments
from sim.parameters import REGISTRY

FLOATS = ["empowerment", "pooling", "embedding", "patrol_intensity", "volunteer_incentive"]
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def unit_values(draw_size):
    return st.lists(st.integers(0, 100).map(lambda i: i / 100), min_size=1, max_size=draw_size, unique=True)


@FAST
@given(data=st.data(), names=st.lists(st.sampled_from(FLOATS), min_size=1, max_size=3, unique=True))
def test_grid_is_every_combination_once_last_parameter_fastest(data, names):
    values = {name: data.draw(unit_values(4), label=name) for name in names}
    vary = [f"{n}={','.join(str(v) for v in vs)}" for n, vs in values.items()]
    spec = sweep_from_arguments("baseline", vary)
    points, sample = design_points(spec)
    expected = list(itertools.product(*values.values()))
    assert sample is None
    assert spec.point_count() == len(points) == math.prod(len(v) for v in values.values())
    assert [tuple(row) for row in points[names].itertuples(index=False)] == expected


@FAST
@given(start=st.integers(0, 50), width=st.integers(0, 50), count=st.integers(2, 12))
def test_range_includes_both_ends_and_has_count_points(start, width, count):
    low, high = start / 50, min(1.0, (start + width) / 50)
    if low == high:
        with pytest.raises(UserInputError, match="the range is empty"):
            sweep_from_arguments("baseline", [f"empowerment={low}:{high}:{count}"])
        return
    spec = sweep_from_arguments("baseline", [f"empowerment={low}:{high}:{count}"])
    values = list(design_points(spec)[0]["empowerment"])
    assert len(values) == count
    assert values[0] == pytest.approx(low) and values[-1] == pytest.approx(high)
    assert np.allclose(np.diff(values), (high - low) / (count - 1))


def test_whole_number_range_gives_ints_and_rejects_fractional_steps():
    spec = sweep_from_arguments("baseline", ["meeting_interval_steps=0:12:4"])
    assert list(design_points(spec)[0]["meeting_interval_steps"]) == [0, 4, 8, 12]
    with pytest.raises(UserInputError, match="whole numbers"):
        sweep_from_arguments("baseline", ["meeting_interval_steps=0:10:4"])


@FAST
@given(
    design=st.sampled_from(["lhs", "sobol", "morris"]),
    dimensions=st.integers(1, 3),
    exponent=st.integers(2, 4),
    low=st.integers(0, 20),
    span=st.integers(1, 30),
)
def test_sampled_designs_have_salib_sizes_and_valid_values(design, dimensions, exponent, low, span):
    samples = 2**exponent
    names = ["empowerment", "meeting_interval_steps", "pooling"][:dimensions]
    vary = [f"{n}=0.1:0.9" if REGISTRY[n].kind == "float" else f"{n}={low}:{low + span}" for n in names]
    spec = sweep_from_arguments("baseline", vary, design=design, samples=samples)
    points, sample = design_points(spec)
    second_order = design == "sobol" and dimensions >= 2
    expected = {"lhs": samples, "sobol": samples * (2 * dimensions + 2 if second_order else dimensions + 2),
                "morris": samples * (dimensions + 1)}[design]
    assert len(points) == len(sample) == spec.point_count() == expected
    for name in names:
        column = points[name]
        if REGISTRY[name].kind == "int":
            assert column.dtype.kind == "i"
            assert column.between(low, low + span).all()
        else:
            assert column.between(0.1, 0.9).all()


def test_lhs_on_whole_numbers_reaches_every_value_evenly():
    """Sampling [low, high + 1) and rounding down gives each whole number an equal stratum."""
    spec = sweep_from_arguments("baseline", ["meeting_interval_steps=1:4"], design="lhs", samples=400)
    counts = design_points(spec)[0]["meeting_interval_steps"].value_counts().sort_index()
    assert list(counts.index) == [1, 2, 3, 4]
    assert (counts == 100).all()  # Latin hypercube: exactly one point per stratum


def test_sampled_design_is_reproducible_from_the_master_seed():
    def points(seed):
        spec = sweep_from_arguments("baseline", ["empowerment=0:1", "pooling=0:1"], design="lhs", samples=16, seed=seed)
        return design_points(spec)[0]

    assert points(3).equals(points(3))
    assert not points(3).equals(points(4))
    assert design_seed(3) == design_seed(3) != design_seed(4)


@pytest.mark.parametrize(
    ("vary", "options", "fragment"),
    [
        (["empowermnt=0:1:3"], {}, "unknown parameter 'empowermnt'; did you mean 'empowerment'"),
        (["empowerment=0:2:5"], {}, "parameter 'empowerment' (Empowerment, 授权赋能) = 1.5 is not allowed: outside the allowed range (in --vary: empowerment=0:2:5); allowed: a number from 0 to 1"),
        (["empowerment=0:1:0"], {}, "the range is empty"),
        (["empowerment="], {}, "no values given"),
        (["empowerment=0.2,0.2"], {}, "listed twice"),
        (["empowerment=0:1:3"], {"replicates": 0}, "replicates = 0 is not allowed (zero replicates would run nothing)"),
        (["digital_platform=true:false"], {"design": "lhs"}, "only the grid design can vary it"),
        (["participation_rule=logistic,quadratic"], {}, "one of 'logistic', 'threshold', 'aspiration'"),
        (["empowerment=0:1"], {"design": "sobol", "samples": 10}, "power of two"),
        (["empowerment=0.5:0.5"], {"design": "lhs"}, "the range is empty"),
        (["empowerment=0:1:3"], {"design": "grid", "samples": 8}, "applies only to sampled designs"),
        (["empowerment=0:1:3"], {"design": "factorial"}, "design 'factorial' is not known"),
        (["empowerment=0:1"], {"design": "grid"}, "start:stop:count"),
        (["width=5:300:296", "height=5:300:296", "pooling=0:1:200"], {}, "more than the limit"),
    ],
)
def test_bad_specifications_name_the_key_value_and_allowed_range(vary, options, fragment):
    with pytest.raises(UserInputError) as caught:
        sweep_from_arguments("baseline", vary, **options)
    assert fragment in str(caught.value)


def test_a_point_breaking_a_cross_parameter_rule_is_reported_before_anything_runs(tiny_experiment):
    with pytest.raises(UserInputError) as caught:
        tiny_experiment(["share_young=0.2,0.8"])
    message = str(caught.value)
    assert "1 of 2 design point(s) are not valid" in message
    assert "share_young=0.8" in message and "at most 1" in message
