#!/usr/bin/env bash
# The main job: compare the status quo with the three policy levers and with all three together
# (10 replicates each on common random numbers, two simulated years). Extra arguments are passed
# to `cogov compare` (e.g. --replicates 30 --steps 520).
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec cogov compare baseline empowerment pooling embedding co_governance \
  --replicates 10 --out results/demo "$@"
