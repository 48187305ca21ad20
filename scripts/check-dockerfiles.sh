#!/usr/bin/env bash
# Checks every golden baseline Dockerfile (tests/Baselines/*/Dockerfile) with the npm package dockerfile-utils, an
# independent Dockerfile parser and validator (VS Code's): any diagnostic of error severity fails the check.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$(bash "$root/scripts/npm-tools.sh")"
NODE_PATH="$tools/node_modules" node - "$root"/tests/Baselines/*/Dockerfile <<'JS'
const fs = require('fs');
const { validate } = require('dockerfile-utils');
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  if (text.startsWith('# no Dockerfile')) { console.log(`dockerfile: ${file}: skipped (the compilation has errors)`); continue; }
  const errors = validate(text).filter(d => d.severity === 1);
  for (const d of errors) console.error(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error: ${d.message}`);
  console.log(`dockerfile: ${file}: ${errors.length} errors`);
  if (errors.length) failed = 1;
}
process.exit(failed);
JS
