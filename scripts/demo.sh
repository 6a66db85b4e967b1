#!/usr/bin/env bash
# The main job: compare the status quo with each of the three policy levers and with co_governance (all three
# levers plus a joint meeting every four weeks)
# (10 replicates each on common random numbers, two simulated years). Installs only what the model
# needs to run (not the test tools). Extra arguments are passed to `cogov compare`
# (e.g. --replicates 30 --steps 520 --lang zh).
COGOV_EXTRAS="" source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec cogov compare baseline empowerment pooling embedding co_governance \
  --replicates 10 --out results/demo "$@"
