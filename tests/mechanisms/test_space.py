"""The community grid connects cells exactly as Mesa's OrthogonalMooreGrid does, only faster."""

from __future__ import annotations

import random

import pytest
from mesa.discrete_space import OrthogonalMooreGrid

from sim.model.space import CommunityGrid

pytestmark = pytest.mark.mesa  # Mesa-facing: Mesa's deprecation warnings are errors (tests/conftest.py)


def _connections(grid):
    return {
        coordinate: [(key, other.coordinate) for key, other in cell.connections.items()]
        for coordinate, cell in grid._cells.items()
    }


@pytest.mark.parametrize("dimensions", [(1, 1), (1, 5), (5, 1), (2, 2), (3, 7), (10, 4), (12, 12)])
@pytest.mark.parametrize("torus", [False, True])
def test_community_grid_connects_cells_like_mesa(dimensions, torus):
    ours = CommunityGrid(dimensions, torus=torus, capacity=None, random=random.Random(1))
    mesas = OrthogonalMooreGrid(dimensions, torus=torus, capacity=None, random=random.Random(1))
    assert list(ours._cells) == list(mesas._cells)
    # Same neighbours under the same keys, in the same order, cell by cell.
    assert _connections(ours) == _connections(mesas)
    for coordinate, cell in ours._cells.items():
        expected = {c.coordinate for c in mesas._cells[coordinate].neighborhood}
        assert {c.coordinate for c in cell.neighborhood} == expected


def test_the_models_grid_is_a_community_grid(make_model):
    model = make_model(width=6, height=9)
    assert isinstance(model.grid, CommunityGrid)
    mesas = OrthogonalMooreGrid((6, 9), torus=False, capacity=None, random=random.Random(1))
    assert _connections(model.grid) == _connections(mesas)
    corner = model.grid[(0, 0)]
    assert sorted(c.coordinate for c in corner.neighborhood) == [(0, 1), (1, 0), (1, 1)]
