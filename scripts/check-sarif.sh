#!/usr/bin/env bash
# Compiles every golden baseline trace with --diagnostics-format sarif and validates the logs against the SARIF 2.1.0
# schema and GitHub's code-scanning rules (sarif-multitool validate --rule-kind "Sarif;Gh"). Exit 1 on any error.
# Run from anywhere; the SARIF is written with the repository root as working folder, as GitHub would see it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$(bash "$root/scripts/npm-tools.sh")"
multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$root"
dotnet build src/Cli --nologo -v quiet >/dev/null
status=0
for trace in tests/Baselines/*/trace; do
  name="$(basename "$(dirname "$trace")")"
  # exit 1 (errors in the trace) still writes the log; only 2 means no log
  dotnet src/Cli/bin/Debug/net10.0/drec.dll compile "$trace" -o "$out/$name/Dockerfile" --verbose \
    --diagnostics-format sarif --diagnostics-output "$out/$name.sarif" || [ $? -eq 1 ]
  # the multitool exits 0 whatever it finds: its findings are the results of its own SARIF output
  "$multitool" validate "$out/$name.sarif" --rule-kind "Sarif;Gh" --output "$out/$name.validation.sarif" --log ForceOverwrite >"$out/$name.log" 2>&1 || true
  if node -e '
    const results = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0].results || [];
    const bad = results.filter(r => (r.level || "warning") !== "note");
    for (const r of bad) console.error(`${r.level || "warning"} ${r.ruleId}: ${r.message.text || (r.message.arguments || []).join(" ")}`);
    process.exit(bad.length ? 1 : 0);' "$out/$name.validation.sarif"; then
    echo "sarif: $name: valid (SARIF 2.1.0 and GitHub rules)"
  else
    echo "sarif: $name: INVALID" >&2
    grep -E ': (error|warning) ' "$out/$name.log" >&2 || true
    status=1
  fi
done
exit "$status"
