#!/usr/bin/env bash
# The test suite. Extra arguments are passed to pytest (e.g. -m "not slow", -k dispatch).
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec python -m pytest "$@"
