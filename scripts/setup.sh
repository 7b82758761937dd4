#!/usr/bin/env bash
# One-time set-up of a fresh Debian machine for invlogic (what both README commands start with):
# Debian packages (Jupyter classic Notebook + nbconvert/nbclient, Chromium for static figures and the notebook UI
# check, yosys/iverilog/verilator for the RTL flow), `npm ci`, and the `invlogic` Jupyter kernel.
# Idempotent and quick when everything is present. Needs root (or password-less sudo) for apt.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DEBIAN_FRONTEND=noninteractive

apt_packages=(jupyter-notebook jupyter-nbconvert jupyter-client python3-ipykernel chromium yosys iverilog verilator)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo -n"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present: ${apt_packages[*]}"
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund

echo "setup: Jupyter kernel"
bash scripts/install-kernel.sh
