#!/usr/bin/env bash
# bench-parse.sh — whole-process throughput of `drec parse --lines` on a large history-like file, and of shfmt on
# comparable input.
#
#   DREC_CORPORA=/path/to/corpora scripts/bench-parse.sh [MB]
#
# Steps:
#   1. build drec (src/Cli) and the benchmark project in Release;
#   2. write a history-like file of at least MB megabytes (10^6 bytes, default 8) into a temporary folder: every
#      bash-accepted single-line corpus input, the list repeated (bench/Benchmarks --write-history);
#   3. time `drec parse --lines FILE > /dev/null` (best of RUNS wall-clock runs, peak RSS from /usr/bin/time), plus
#      the start-up cost on a one-line file;
#   4. if shfmt is installed: shfmt parses a file as ONE script, so build a file of only lines that shfmt accepts
#      one by one and together (no here-document openers, whose bodies would swallow the next lines), repeat it to
#      the same size, and time both `shfmt -ln bash` (parse + print) and drec on that file.
#
# Environment: DREC_CORPORA (corpora folder; default ../shared/corpora beside the repository), RUNS (default 3),
# KEEP_WORK=1 keeps the temporary folder. Output: a report on stdout; build and tool chatter on stderr.

# measure() sets its results through printf -v, out of shellcheck's sight.
# shellcheck disable=SC2154
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO
readonly TARGET_MB=${1:-8}
readonly RUNS=${RUNS:-3}
export DREC_CORPORA=${DREC_CORPORA:-$REPO/../shared/corpora}

log() { printf 'bench-parse: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -d $DREC_CORPORA ]] || die "corpora not found at $DREC_CORPORA (set DREC_CORPORA)"
[[ $TARGET_MB =~ ^[0-9]+([.][0-9]+)?$ ]] || die "size must be a number of MB, got '$TARGET_MB'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
command -v dotnet >/dev/null || die "dotnet not found"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drec-bench.XXXXXX")
readonly WORK
cleanup() { if [[ ${KEEP_WORK:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# ------------------------------------------------------------------------------------------------ timing helpers
HAVE_GNU_TIME=0
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then HAVE_GNU_TIME=1; fi

now() { printf '%s' "${EPOCHREALTIME/,/.}"; }

# measure OUT_VAR_PREFIX STDIN_FILE ACCEPTED_EXIT_CODES CMD... — runs CMD < STDIN_FILE > /dev/null RUNS times and
# sets ${prefix}_secs (best wall time), ${prefix}_rss_kb (peak RSS over the runs, or n/a) and ${prefix}_rc.
measure() {
    local prefix=$1 input=$2 accepted=$3
    shift 3
    local best="" rss_max=0 rc start end secs rss i
    for ((i = 0; i < RUNS; i++)); do
        start=$(now)
        rc=0
        if [[ $HAVE_GNU_TIME == 1 ]]; then
            /usr/bin/time -f '%M' -o "$WORK/rss" "$@" <"$input" >/dev/null 2>"$WORK/stderr" || rc=$?
        else
            "$@" <"$input" >/dev/null 2>"$WORK/stderr" || rc=$?
        fi
        end=$(now)
        if [[ ",$accepted," != *",$rc,"* ]]; then
            tail -n 5 "$WORK/stderr" >&2 || true
            die "'$*' exited with $rc"
        fi
        secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        if [[ -z $best ]] || awk -v s="$secs" -v b="$best" 'BEGIN { exit !(s < b) }'; then best=$secs; fi
        if [[ $HAVE_GNU_TIME == 1 ]]; then
            # GNU time may prefix a "Command exited with non-zero status" line; the number is the last line.
            rss=$(tail -n 1 "$WORK/rss")
            if ((rss > rss_max)); then rss_max=$rss; fi
        fi
    done
    printf -v "${prefix}_secs" '%s' "$best"
    printf -v "${prefix}_rc" '%s' "$rc"
    if [[ $HAVE_GNU_TIME == 1 ]]; then printf -v "${prefix}_rss_kb" '%s' "$rss_max"; else printf -v "${prefix}_rss_kb" 'n/a'; fi
}

mbps() { awk -v bytes="$1" -v secs="$2" 'BEGIN { if (secs > 0) printf "%.2f", bytes / 1e6 / secs; else print "inf" }'; }
mib() {
    if [[ $1 == n/a ]]; then echo n/a; else awk -v kb="$1" 'BEGIN { printf "%.0f MiB", kb / 1024 }'; fi
}
size_of() { wc -c <"$1" | tr -d ' '; }
lines_of() { wc -l <"$1" | tr -d ' '; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)

# ------------------------------------------------------------------------------------------------------- build
log "building drec and the benchmark project (Release)…"
dotnet build "$REPO/src/Cli/DockerRecord.Cli.csproj" -c Release --nologo -v q >&2
dotnet build "$REPO/bench/Benchmarks/DockerRecord.Benchmarks.csproj" -c Release --nologo -v q >&2
DREC_DLL=$(dotnet msbuild "$REPO/src/Cli/DockerRecord.Cli.csproj" -getProperty:TargetPath -p:Configuration=Release)
BENCH_DLL=$(dotnet msbuild "$REPO/bench/Benchmarks/DockerRecord.Benchmarks.csproj" -getProperty:TargetPath -p:Configuration=Release)
[[ -f $DREC_DLL && -f $BENCH_DLL ]] || die "build outputs not found ($DREC_DLL, $BENCH_DLL)"
DREC=(dotnet "$DREC_DLL")
[[ -x ${DREC_DLL%.dll} ]] && DREC=("${DREC_DLL%.dll}")   # the apphost, when there is one

# ---------------------------------------------------------------------------------------------- the input file
HISTORY=$WORK/history.txt
dotnet "$BENCH_DLL" --write-history "$HISTORY" "$TARGET_MB" >&2
history_bytes=$(size_of "$HISTORY")
history_lines=$(lines_of "$HISTORY")

# ------------------------------------------------------------------------------------------------ drec --lines
# Exit 1 means "some lines have errors" (bash-accepted lines drec does not parse yet); anything else is a failure.
log "timing drec parse --lines ($RUNS runs)…"
printf 'true\n' >"$WORK/one-line.txt"
measure startup /dev/null 0 "${DREC[@]}" parse --lines "$WORK/one-line.txt"
measure drec /dev/null 0,1 "${DREC[@]}" parse --lines "$HISTORY"
drec_summary=$(tail -n 1 "$WORK/stderr")

# ------------------------------------------------------------------------------------------------------ shfmt
shfmt_report="shfmt: not installed (apt-get install -y shfmt), comparison skipped"
if command -v shfmt >/dev/null; then
    log "building a file that shfmt accepts as one script…"
    awk '!seen[$0]++' "$HISTORY" >"$WORK/distinct.txt"
    distinct=$(lines_of "$WORK/distinct.txt")
    # 1. each line alone; 2. no here-document opener (`<<`, `<<-`; `<<<` is fine)
    : >"$WORK/shfmt-block.txt"
    rejected_alone=0
    heredocs=0
    while IFS= read -r line; do
        if ! printf '%s\n' "$line" | shfmt -ln bash >/dev/null 2>&1; then
            rejected_alone=$((rejected_alone + 1))
        elif grep -qP '(?<!<)<<(?!<)' <<<"$line"; then
            heredocs=$((heredocs + 1))
        else
            printf '%s\n' "$line" >>"$WORK/shfmt-block.txt"
        fi
    done <"$WORK/distinct.txt"
    # 3. the block as a whole: drop the line shfmt reports until it parses (bounded)
    dropped_together=0
    for ((i = 0; i < 200; i++)); do
        if err=$(shfmt -ln bash "$WORK/shfmt-block.txt" 2>&1 >/dev/null); then break; fi
        bad=$(sed -nE 's/^[^:]*:([0-9]+):[0-9]+:.*/\1/p' <<<"$err" | head -n 1)
        [[ -n $bad ]] || die "shfmt rejects the block and gives no line: $err"
        sed -i "${bad}d" "$WORK/shfmt-block.txt"
        dropped_together=$((dropped_together + 1))
    done
    shfmt -ln bash "$WORK/shfmt-block.txt" >/dev/null || die "could not build a block that shfmt accepts"
    block_lines=$(lines_of "$WORK/shfmt-block.txt")
    block_bytes=$(size_of "$WORK/shfmt-block.txt")
    copies=$(((history_bytes + block_bytes - 1) / block_bytes))
    SHFMT_FILE=$WORK/shfmt-valid.txt
    for ((i = 0; i < copies; i++)); do cat "$WORK/shfmt-block.txt"; done >"$SHFMT_FILE"
    shfmt -ln bash "$SHFMT_FILE" >/dev/null || die "shfmt rejects the repeated block"
    shfmt_bytes=$(size_of "$SHFMT_FILE")
    shfmt_lines=$(lines_of "$SHFMT_FILE")

    log "timing shfmt and drec on the shfmt-valid file ($RUNS runs each)…"
    measure shfmt "$SHFMT_FILE" 0 shfmt -ln bash
    measure drec2 /dev/null 0,1 "${DREC[@]}" parse --lines "$SHFMT_FILE"
    drec2_summary=$(tail -n 1 "$WORK/stderr")

    shfmt_report=$(
        cat <<EOF
shfmt-valid file: $distinct distinct lines -> $rejected_alone rejected by shfmt alone, $heredocs here-document openers left out, $dropped_together dropped when parsed together -> $block_lines lines x $copies = $shfmt_lines lines, $shfmt_bytes bytes
shfmt $(shfmt --version) -ln bash < FILE > /dev/null (parse + print): $shfmt_secs s, $(mbps "$shfmt_bytes" "$shfmt_secs") MB/s, peak RSS $(mib "$shfmt_rss_kb")
drec parse --lines on the same file:            $drec2_secs s, $(mbps "$shfmt_bytes" "$drec2_secs") MB/s, peak RSS $(mib "$drec2_rss_kb")  [$drec2_summary]
EOF
    )
fi

# ------------------------------------------------------------------------------------------------------ report
cpu=$(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
net_secs=$(awk -v a="$drec_secs" -v b="$startup_secs" 'BEGIN { printf "%.3f", a - b }')
cat <<EOF
machine: $(nproc) cores, ${cpu:-unknown CPU}; dotnet $(dotnet --version); best of $RUNS runs; MB = 10^6 bytes
load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a) (other processes compete for the cores when it is above 0)
history file: $history_lines lines, $history_bytes bytes
drec start-up (one-line file):                   $startup_secs s, peak RSS $(mib "$startup_rss_kb")
drec parse --lines FILE > /dev/null:             $drec_secs s, $(mbps "$history_bytes" "$drec_secs") MB/s, peak RSS $(mib "$drec_rss_kb")  [$drec_summary]
  without start-up:                              $net_secs s, $(mbps "$history_bytes" "$net_secs") MB/s
$shfmt_report
EOF
