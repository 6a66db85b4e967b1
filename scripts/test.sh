#!/usr/bin/env bash
# The test suite. Installs the project with its test tools first. Extra arguments are passed to
# pytest (e.g. -m "not slow and not browser" for the quick part, -k dispatch).
COGOV_EXTRAS="test" source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec python -m pytest "$@"
