#!/usr/bin/env bash
# bench-hook.sh — per-command cost of drec's bash recording hook (src/Cli/Recording/Hook/drec.bash).
#
#   scripts/bench-hook.sh [COMMANDS]
#
# Feeds COMMANDS (default 2000) lines of `:` to `bash --rcfile <hook> -i` through stdin, and the same input to a
# plain `bash --rcfile <empty file> -i`, each RUNS times (default 5), and prints the best wall-clock and CPU (user +
# system) time of each and the difference per command in milliseconds. This machine is noisy: wall-clock results
# vary by a third between runs; the CPU figure is steadier. Both shells get an empty temporary HOME (no ~/.bashrc, no history
# file) and a small environment like a `docker exec` gets (HOME PATH TERM LANG): the hook compares the exported
# environment after every command, which costs more the more variables there are. The hooked run must leave one
# kind=cmd record per line in its spool; the script checks that.
# For scale: the 2015 design (DEBUG trap plus a fork per simple command) cost about 3.4 ms per command; the target
# for this hook is 0.1 ms or less.
#
# Environment: RUNS (default 5), BASH_BIN (default bash), KEEP_WORK=1 keeps the temporary folder.
# Output: the report on stdout.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO
readonly N=${1:-2000}
readonly RUNS=${RUNS:-5}
readonly BASH_BIN=${BASH_BIN:-bash}
HOOK=$REPO/src/Cli/Recording/Hook/drec.bash
readonly HOOK

work=$(mktemp -d)
cleanup() { [[ ${KEEP_WORK:-} == 1 ]] || rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/home" "$work/session"
: > "$work/empty-rc"
{ for ((i = 0; i < N; i++)); do echo ':'; done; echo 'exit'; } > "$work/input"

# best_of NAME CMD...: runs CMD RUNS times with stdin from the input file; sets best_NAME (wall clock) and
# cpu_NAME (user + system CPU time of the run), both in microseconds, each the smallest of the runs.
best_of() {
    local name=$1 best='' cpu='' r w u s TIMEFORMAT='%3R %3U %3S'
    shift
    for ((r = 0; r < RUNS; r++)); do
        rm -rf "$work/session"; mkdir -p "$work/session"; : > "$work/session/events"
        read -r w u s < <({ time env -i HOME="$work/home" PATH="$PATH" TERM=xterm LANG=C.UTF-8 DREC_DIR="$work/session" \
            DREC_SESSION=bench "$@" < "$work/input" > /dev/null 2>&1; } 2>&1)
        w=$(( 10#${w/./} * 1000 )) u=$(( 10#${u/./} + 10#${s/./} ))
        u=$(( u * 1000 ))
        if [[ -z $best ]] || ((w < best)); then best=$w; fi
        if [[ -z $cpu ]] || ((u < cpu)); then cpu=$u; fi
    done
    printf -v "best_$name" '%s' "$best"
    printf -v "cpu_$name" '%s' "$cpu"
}

# shellcheck disable=SC2016  # expanded by the bash under test
"$BASH_BIN" -c 'echo "bash: $BASH_VERSION"'
echo "commands per run: $N, runs: $RUNS (best run counts)"
best_of plain "$BASH_BIN" --rcfile "$work/empty-rc" -i
best_of hook "$BASH_BIN" --rcfile "$HOOK" -i

records=$(tr '\0' '\n' < "$work/session/events" | grep -c '^kind=cmd$' || true)
if [[ $records -ne $((N + 1)) ]]; then
    echo "bench-hook: expected $((N + 1)) kind=cmd records (the commands and exit), found $records" >&2
    exit 1
fi

# shellcheck disable=SC2154  # set by best_of through printf -v
awk -v bp="$best_plain" -v cp="$cpu_plain" -v bh="$best_hook" -v ch="$cpu_hook" -v n="$N" 'BEGIN {
    printf "plain bash -i:  %8.1f ms wall, %8.1f ms CPU\n", bp / 1000, cp / 1000
    printf "with the hook:  %8.1f ms wall, %8.1f ms CPU\n", bh / 1000, ch / 1000
    printf "overhead:       %8.4f ms per command (wall), %.4f ms (CPU)\n", (bh - bp) / 1000 / n, (ch - cp) / 1000 / n
}'
