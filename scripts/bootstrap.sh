#!/usr/bin/env bash
# Sourced by scripts/demo.sh and scripts/test.sh: finds a Python 3.12 interpreter by itself,
# creates .venv beside pyproject.toml and installs what the calling script needs when
# pyproject.toml has changed since the last install:
#   COGOV_EXTRAS=""      the model and its command line (scripts/demo.sh)
#   COGOV_EXTRAS="test"  the same plus the test tools: pytest, playwright, EMA Workbench, ... (scripts/test.sh)
# Each stage prints a line, pip shows its own progress, and the time taken is printed at the end.
# Prints a clear message and exits 1 when no Python 3.12 can be found.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COGOV_VENV:-$ROOT/.venv}"
EXTRAS="${COGOV_EXTRAS:-}"

source "$ROOT/scripts/find_python.sh"  # find_python312

stamp_for() {  # the file recording that these extras were installed from this pyproject.toml
  echo "$VENV/.cogov-installed${1:+-$1}"
}

WANT="$(sha256sum < "$ROOT/pyproject.toml" | cut -d' ' -f1)"
installed() {  # are the extras "$1" (or a superset: the test extras include the runtime) up to date?
  local stamp
  for stamp in "$(stamp_for "$1")" "$(stamp_for test)"; do
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$WANT" ] && return 0
  done
  return 1
}

if ! installed "$EXTRAS"; then
  started=$SECONDS
  if [ ! -x "$VENV/bin/python" ]; then
    if ! PYTHON312="$(find_python312)"; then
      echo "error: cogov needs Python 3.12 (Mesa 3.5.1 requires >= 3.12), and none was found." >&2
      echo "       Install Python 3.12 (e.g. 'pyenv install 3.12' or your system's python3.12 package)," >&2
      echo "       or point COGOV_PYTHON at a 3.12 interpreter, then run this command again." >&2
      exit 1
    fi
    echo "[cogov setup 1/3] creating $VENV with $PYTHON312" >&2
    "$PYTHON312" -m venv "$VENV"
  else
    echo "[cogov setup 1/3] using $VENV" >&2
  fi
  echo "[cogov setup 2/3] updating pip" >&2
  "$VENV/bin/python" -m pip install --upgrade --progress-bar on pip 2>&1 | grep -v "^Requirement already satisfied" >&2 || true
  if [ -n "$EXTRAS" ]; then
    echo "[cogov setup 3/3] installing cogov with its [$EXTRAS] tools (first time: about 1.5 GB, about 9 minutes; 2 minutes more on top of the demo's install)" >&2
    TARGET="$ROOT[$EXTRAS]"
  else
    echo "[cogov setup 3/3] installing cogov and what it needs to run (first time: about 1.2 GB, about 7 minutes)" >&2
    TARGET="$ROOT"
  fi
  # pip's own output is the progress: one line per package collected, a bar per download.
  if ! "$VENV/bin/python" -m pip install --progress-bar on -e "$TARGET" 2>&1 \
      | { grep --line-buffered -v "^Requirement already satisfied" || true; } >&2; then
    echo "error: installing cogov failed (pip's messages above say why); fix that and run this command again." >&2
    exit 1
  fi
  echo "$WANT" > "$(stamp_for "$EXTRAS")"
  echo "[cogov setup] done in $((SECONDS - started)) s" >&2
fi
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
