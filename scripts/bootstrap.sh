#!/usr/bin/env bash
# Prepare .venv for Marsad: find a Python >= 3.12, create the virtual environment and install the
# pinned dependencies from the lock file. Safe to run again: it only reinstalls when the lock
# file changed. Usage: scripts/bootstrap.sh [base|dev]
set -euo pipefail

profile="${1:-dev}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/.venv"
lock="$root/requirements/$profile.lock"

is_suitable() {
  [ -n "$1" ] && [ -x "$1" ] && "$1" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null
}

find_python() {
  local candidates=()
  [ -n "${MARSAD_PYTHON:-}" ] && candidates+=("$MARSAD_PYTHON")
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv which python 2>/dev/null || true)")
  fi
  for name in python3.14 python3.13 python3.12 python3 python; do
    command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
  done
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  for dir in "$pyenv_root"/versions/3.1[2-9]* /usr/local/bin /usr/bin; do
    for name in python3.14 python3.13 python3.12; do
      [ -x "$dir/bin/$name" ] && candidates+=("$dir/bin/$name")
      [ -x "$dir/$name" ] && candidates+=("$dir/$name")
    done
  done
  for c in "${candidates[@]}"; do
    if is_suitable "$c"; then echo "$c"; return 0; fi
  done
  return 1
}

if ! is_suitable "$venv/bin/python"; then
  if ! python="$(find_python)"; then
    cat >&2 <<'MSG'
Marsad needs Python 3.12 or newer (with the venv module) and none was found.
Install one, for example:
  Debian/Ubuntu: apt-get install python3.12 python3.12-venv   (or a newer python3)
  pyenv:         pyenv install 3.12 && pyenv local 3.12
  macOS:         brew install python@3.12
or point MARSAD_PYTHON at an interpreter, then run the command again.
MSG
    exit 1
  fi
  echo "Using $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi

stamp="$venv/.installed-$profile"
want="$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-64)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing pinned dependencies from ${lock#"$root"/} ..."
  "$venv/bin/python" -m pip install -qq --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install -qq --disable-pip-version-check --require-hashes -r "$lock"
  "$venv/bin/python" -m pip install -qq --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi
