#!/usr/bin/env bash
# Sourced by scripts/bootstrap.sh and scripts/test_mesa_next.sh: find_python312 prints the path of a
# Python 3.12 interpreter (COGOV_PYTHON, PATH, pyenv, the usual places) or returns 1.
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
