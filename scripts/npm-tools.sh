#!/usr/bin/env bash
# Installs the npm tools CI uses to check drec's output, pinned, into one folder (default .tools/npm, or
# $DREC_NPM_TOOLS) and prints that folder. Sourced by check-sarif.sh and check-dockerfiles.sh.
set -euo pipefail
tools="${DREC_NPM_TOOLS:-$(cd "$(dirname "$0")/.." && pwd)/.tools/npm}"
if [ ! -x "$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ] || [ ! -d "$tools/node_modules/dockerfile-utils" ]; then
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" @microsoft/sarif-multitool@5.7.0 dockerfile-utils@0.16.3 >&2
  # npm 11 skips the package's postinstall (chmod u+x), so the binary is not executable yet
  chmod u+x "$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
fi
echo "$tools"
