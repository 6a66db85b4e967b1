"""Analysis of model output: paired comparisons, validation against the facts, reports."""
