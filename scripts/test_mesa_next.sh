#!/usr/bin/env bash
# The Mesa-facing tests (pytest -m mesa: Scenario, time, run_scenarios, SolaraViz example, grid, seeds)
# on the newest Mesa pre-release, in an environment of its own (.venv-mesa-next, or COGOV_MESA_NEXT_VENV),
# so that the project's .venv keeps the Mesa it pins. Mesa's deprecation warnings are errors in these
# tests. Extra arguments go to pytest (e.g. -x, -k scenario). Not part of .ci/run: a pre-release may
# break what the release supports; the README states the last result.
#   COGOV_MESA_SPEC="mesa[rec]==4.0.0a0"   install this instead of the newest pre-release
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COGOV_MESA_NEXT_VENV:-$ROOT/.venv-mesa-next}"
SPEC="${COGOV_MESA_SPEC:-mesa[rec]}"
source "$ROOT/scripts/find_python.sh"

started=$SECONDS
if [ ! -x "$VENV/bin/python" ]; then
  if ! PYTHON312="$(find_python312)"; then
    echo "error: no Python 3.12 found; point COGOV_PYTHON at one and run this again." >&2
    exit 1
  fi
  echo "[mesa-next 1/4] creating $VENV with $PYTHON312" >&2
  "$PYTHON312" -m venv "$VENV"
fi
PY="$VENV/bin/python"
echo "[mesa-next 2/4] the project's dependencies other than Mesa, and pytest" >&2
"$PY" - "$ROOT/pyproject.toml" > "$VENV/requirements-without-mesa.txt" <<'EOF'
import re, sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
wanted = [r for r in project["dependencies"] if not re.match(r"mesa\b", r, re.I)]
wanted += [r for r in project["optional-dependencies"]["test"] if re.match(r"(pytest|hypothesis|httpx)\b", r)]
print("\n".join(wanted))
EOF
"$PY" -m pip install -q --upgrade pip >&2
"$PY" -m pip install -q -r "$VENV/requirements-without-mesa.txt" >&2
echo "[mesa-next 3/4] the newest pre-release of Mesa ($SPEC, --pre) and cogov itself (no dependencies)" >&2
"$PY" -m pip install -q --pre --upgrade "$SPEC" >&2
"$PY" -m pip install -q --no-deps -e "$ROOT" >&2
MESA_VERSION="$("$PY" -c 'import mesa; print(mesa.__version__)')"
echo "[mesa-next 4/4] pytest -m mesa on Mesa $MESA_VERSION (set-up took $((SECONDS - started)) s)" >&2
cd "$ROOT"
# only the files that hold Mesa-facing tests: the others import test tools this environment leaves out
mapfile -t FILES < <(grep -rl --include='test_*.py' "pytest.mark.mesa" tests | sort)
set +e
"$PY" -m pytest -m mesa -p no:cacheprovider -q "${FILES[@]}" "$@"
status=$?
set -e
if [ "$status" = 0 ]; then
  echo "Mesa $MESA_VERSION: the Mesa-facing tests pass" >&2
else
  echo "Mesa $MESA_VERSION: the Mesa-facing tests FAIL (pytest exit $status)" >&2
fi
exit "$status"
