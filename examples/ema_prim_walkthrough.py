import numpy as np
from ema_workbench.analysis import prim

from sim.ema import ema_model, run_experiments

model = ema_model(
    steps=26,
    levers={"empowerment": (0, 1), "pooling": (0, 1), "formalism": (0, 0.9)},
    uncertainties={
        "weight_efficacy": (1.0, 3.0),
        "trust_decay_week": (0.0, 0.05),
        "p_give_up_week": (0.01, 0.1),
        "report_weight_efficacy": (4.0, 10.0),
    },
    outcomes=["resolution_rate", "participation_rate", "backlog"],
    fixed={"width": 20, "height": 20, "zone_size_cells": 10},
)
# combine="sample" pairs the i-th lever sample with the i-th uncertainty sample: 200 experiments,
# each with its own lever values (a full factorial of few policies would tie every lever to a policy)
experiments, outcomes = run_experiments(model, scenarios=200, policies=200, seed=2024, combine="sample")

x = experiments[["empowerment", "pooling", "formalism", "weight_efficacy", "trust_decay_week",
                 "p_give_up_week", "report_weight_efficacy"]]
y = outcomes["resolution_rate"] < np.quantile(outcomes["resolution_rate"], 0.25)   # the cases of interest

finder = prim.Prim(x, y, peel_alpha=0.05)
box = finder.find_box()
trajectory = box.peeling_trajectory     # coverage, density, mass and restricted dimensions at every step
# the point of the trajectory to read: the densest box that still covers at least 80% of the cases
chosen = int(trajectory.loc[trajectory["coverage"] >= 0.8, "density"].idxmax())
box.inspect(chosen)                     # the box limits at that point (box.show_tradeoff() draws the trajectory)
