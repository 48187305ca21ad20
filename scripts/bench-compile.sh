#!/usr/bin/env bash
# bench-compile.sh — whole-process time and peak memory of `drec compile` on synthetic traces.
#
#   scripts/bench-compile.sh [COMMANDS…]        (default: 100000 1000000)
#
# Steps:
#   1. build drec (src/Cli) and the benchmark project in Release;
#   2. write a synthetic trace of each size (bench/Benchmarks --write-trace, see SyntheticTrace.cs: a realistic mix
#      of apt installs, file writes with recorded changes in many folders, cd, export, reads and inspection,
#      failures, users and chown), into a temporary folder;
#   3. run `dotnet drec.dll compile TRACE -o OUT/Dockerfile` under `/usr/bin/time -v` RUNS times, and print the best
#      wall-clock time, its user+system CPU time and the peak RSS; then the ratio of each size to the one before.
#
# Targets (issue 4): 100,000 commands in at most 2 s and 500 MB; ten times the commands in at most twelve times the
# time. The machine is shared: the load average is printed, and CPU time is the steadier number when it is high.
# Environment: RUNS (default 3), KEEP_WORK=1 keeps the temporary folder.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO
readonly RUNS=${RUNS:-3}
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(100000 1000000)

log() { printf 'bench-compile: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v dotnet >/dev/null || die "dotnet not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found: apt-get install -y time"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
for size in "${SIZES[@]}"; do [[ $size =~ ^[1-9][0-9]*$ ]] || die "sizes are numbers of commands, got '$size'"; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drec-bench-compile.XXXXXX")
readonly WORK
cleanup() { if [[ ${KEEP_WORK:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

log "building drec and the benchmark project (Release)…"
dotnet build "$REPO/src/Cli/DockerRecord.Cli.csproj" -c Release --nologo -v q >&2
dotnet build "$REPO/bench/Benchmarks/DockerRecord.Benchmarks.csproj" -c Release --nologo -v q >&2
DREC_DLL=$(dotnet msbuild "$REPO/src/Cli/DockerRecord.Cli.csproj" -getProperty:TargetPath -p:Configuration=Release)
BENCH_DLL=$(dotnet msbuild "$REPO/bench/Benchmarks/DockerRecord.Benchmarks.csproj" -getProperty:TargetPath -p:Configuration=Release)
[[ -f $DREC_DLL && -f $BENCH_DLL ]] || die "build outputs not found ($DREC_DLL, $BENCH_DLL)"

# field NAME FILE: the value of one line of `/usr/bin/time -v` output
field() { sed -nE "s/^[[:space:]]*$1: (.*)$/\1/p" "$2" | tail -n 1; }
# seconds of an elapsed time written h:mm:ss or m:ss.ss
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)
results=()
prev_secs="" prev_cpu="" prev_size=""
for size in "${SIZES[@]}"; do
    trace=$WORK/trace-$size
    log "writing a synthetic trace of $size commands…"
    dotnet "$BENCH_DLL" --write-trace "$trace" "$size" >&2
    bytes=$(wc -c <"$trace/session-1/commands.jsonl" | tr -d ' ')
    best="" best_cpu="" rss_max=0
    for ((i = 0; i < RUNS; i++)); do
        log "compiling $size commands (run $((i + 1)) of $RUNS)…"
        rm -rf "$WORK/out"
        /usr/bin/time -v -o "$WORK/time.txt" dotnet "$DREC_DLL" compile "$trace" -o "$WORK/out/Dockerfile" >/dev/null 2>"$WORK/stderr" \
            || { tail -n 5 "$WORK/stderr" >&2; die "drec compile failed on $size commands"; }
        secs=$(seconds "$(field 'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)' "$WORK/time.txt")")
        cpu=$(awk -v u="$(field 'User time \(seconds\)' "$WORK/time.txt")" -v s="$(field 'System time \(seconds\)' "$WORK/time.txt")" 'BEGIN { printf "%.2f", u + s }')
        rss=$(field 'Maximum resident set size \(kbytes\)' "$WORK/time.txt")
        if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs best_cpu=$cpu; fi
        ((rss > rss_max)) && rss_max=$rss
    done
    lines=$(wc -l <"$WORK/out/Dockerfile" | tr -d ' ')
    ratio=""
    # against the size before it (the target: ten times the commands in at most twelve times the time)
    if [[ -n $prev_secs ]]; then
        ratio=$(awk -v a="$best" -v b="$prev_secs" -v c="$best_cpu" -v d="$prev_cpu" -v n="$size" -v m="$prev_size" \
            'BEGIN { printf "  x%.1f commands: x%.1f wall, x%.1f CPU", n / m, a / b, c / d }')
    fi
    prev_secs=$best prev_cpu=$best_cpu prev_size=$size
    results+=("$(printf '%9d commands (%d MB trace, %d Dockerfile lines): %6.2f s wall, %6.2f s CPU, peak RSS %d MiB%s' \
        "$size" $((bytes / 1000000)) "$lines" "$best" "$best_cpu" $((rss_max / 1024)) "$ratio")")
done

cpu_model=$(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc) cores, ${cpu_model:-unknown CPU}; dotnet $(dotnet --version); best of $RUNS runs (wall), CPU = user + system of that run"
echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
printf '%s\n' "${results[@]}"
