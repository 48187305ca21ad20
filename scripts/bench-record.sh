#!/usr/bin/env bash
# Prompt latency that drec record adds per command: the time from one command's end to the next command's start
# when the lines are typed ahead, i.e. how long the hook waits for drec to take the record (container diff, ports,
# the trace line) before it shows the prompt. Measured in a container with no changed paths and with N of them.
#
# usage: scripts/bench-record.sh [N_CHANGED_PATHS (10000)] [COMMANDS (40)]
set -euo pipefail
cd "$(dirname "$0")/.."
changed=${1:-10000}
count=${2:-40}

bash scripts/engine-up.sh
dotnet build -c Release src/Cli -v q -nologo >/dev/null
drec=(dotnet "$PWD/src/Cli/bin/Release/net10.0/drec.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"; docker rm -f drec-bench-0 drec-bench-n >/dev/null 2>&1 || true' EXIT

measure() { # container, label
    local name=$1 label=$2
    printf 'true\n%.0s' $(seq "$count") | "${drec[@]}" record "$name" --trace "$work/$name" >/dev/null 2>&1
    python3 - "$work/$name/session-1/commands.jsonl" "$label" <<'PY'
import json, sys, statistics
from datetime import datetime
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
t = lambda s: datetime.fromisoformat(s).timestamp()
gaps = [(t(b["start"]) - t(a["end"])) * 1000 for a, b in zip(rows, rows[1:]) if a.get("end") and b.get("start")]
gaps.sort()
print(f"{sys.argv[2]}: {len(rows)} commands, prompt latency median {statistics.median(gaps):.1f} ms, "
      f"p95 {gaps[int(len(gaps) * 0.95) - 1]:.1f} ms, max {gaps[-1]:.1f} ms")
PY
}

docker run -d --name drec-bench-0 --network host debian:bookworm sleep infinity >/dev/null
measure drec-bench-0 "no changed paths"

docker run -d --name drec-bench-n --network host debian:bookworm sleep infinity >/dev/null
docker exec drec-bench-n sh -c "mkdir /data && cd /data && seq $changed | xargs touch"
echo "container diff size: $(docker diff drec-bench-n | wc -l) paths"
measure drec-bench-n "$changed changed paths"
