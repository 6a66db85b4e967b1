#!/usr/bin/env bash
# Sourced by scripts/demo.sh and scripts/test.sh: finds a Python 3.12 interpreter by itself,
# creates .venv beside pyproject.toml and installs the project with its test extras when
# pyproject.toml has changed since the last install. Prints a clear message and exits 1 when
# no Python 3.12 can be found.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${COGOV_VENV:-$ROOT/.venv}"

find_python312() {
  local candidate
  for candidate in "${COGOV_PYTHON:-}" python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv installs (PYENV_ROOT or ~/.pyenv), newest 3.12 first
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  for candidate in $(ls -d "$root"/versions/3.12.*/bin/python3 2>/dev/null | sort -rV); do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  for candidate in /usr/local/bin/python3.12 /usr/bin/python3.12 /opt/homebrew/bin/python3.12; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PYTHON312="$(find_python312)"; then
    echo "error: cogov needs Python 3.12 (Mesa 3.5.1 requires >= 3.12), and none was found." >&2
    echo "       Install Python 3.12 (e.g. 'pyenv install 3.12' or your system's python3.12 package)," >&2
    echo "       or point COGOV_PYTHON at a 3.12 interpreter, then run this command again." >&2
    exit 1
  fi
  echo "creating $VENV with $PYTHON312" >&2
  "$PYTHON312" -m venv "$VENV"
fi

STAMP="$VENV/.cogov-installed"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "installing cogov and its dependencies into $VENV (first time: a few minutes)" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e "$ROOT[test]"
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
