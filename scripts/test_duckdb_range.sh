#!/usr/bin/env bash
# The DuckDB-facing tests (cogov query, results folders, the query sandbox) on the lowest DuckDB of the
# range pyproject.toml declares, installed beside the project's .venv (in .duckdb-oldest/, or
# COGOV_DUCKDB_TARGET) and put first on PYTHONPATH, so .venv keeps the DuckDB it resolved (the newest).
# Together with the ordinary suite (on the newest DuckDB) this tests both ends of the range.
# Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${COGOV_PYTHON_VENV:-$ROOT/.venv}/bin/python"
TARGET="${COGOV_DUCKDB_TARGET:-$ROOT/.duckdb-oldest}"
[ -x "$PY" ] || { echo "error: $PY not found; run scripts/test.sh once first." >&2; exit 1; }
LOWEST="$("$PY" - "$ROOT/pyproject.toml" <<'PYEOF'
import re, sys, tomllib
deps = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
spec = next(d for d in deps if re.match(r"duckdb\b", d))
print(re.search(r">=\s*([0-9.]+)", spec).group(1))
PYEOF
)"
echo "[duckdb 1/2] DuckDB ~=$LOWEST (the lowest of the declared range) into $TARGET" >&2
"$PY" -m pip install -q --upgrade --target "$TARGET" "duckdb~=$LOWEST.0" >&2
VERSION="$(PYTHONPATH="$TARGET" "$PY" -c 'import duckdb; print(duckdb.__version__)')"
echo "[duckdb 2/2] the DuckDB-facing tests on DuckDB $VERSION" >&2
cd "$ROOT"
set +e
PYTHONPATH="$TARGET" "$PY" -m pytest -p no:cacheprovider -q -m "not slow and not browser" \
  tests/experiments/test_sweep_cli.py tests/experiments/test_sweep_store.py tests/experiments/test_sweep_compare.py \
  tests/reliability/test_query_sandbox.py tests/reliability/test_damaged_parts.py tests/ecosystem/test_duckdb_examples.py "$@"
status=$?
set -e
echo "DuckDB $VERSION: the DuckDB-facing tests $([ "$status" = 0 ] && echo pass || echo "FAIL (pytest exit $status)")" >&2
exit "$status"
