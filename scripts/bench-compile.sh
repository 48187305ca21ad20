#!/usr/bin/env bash
# bench-compile.sh — whole-process time and peak memory of `drec compile` on synthetic traces.
#
#   scripts/bench-compile.sh [COMMANDS…]        (default: 100000 1000000)
#
# Steps:
#   1. build drec (src/Cli) and the benchmark project in Release, and publish the native drec
#      (`dotnet publish src/Cli -c Release -r linux-x64`, 2 to 3 min; DREC_BIN=PATH uses one already published);
#   2. write a synthetic trace of each size (bench/Benchmarks --write-trace, see SyntheticTrace.cs: a realistic mix
#      of apt installs, file writes with recorded changes in many folders, cd, export, reads and inspection,
#      failures, users and chown), into a temporary folder;
#   3. run `drec compile TRACE -o OUT/Dockerfile` under `/usr/bin/time -v` RUNS times per build, the builds in
#      alternating runs (jit: `dotnet drec.dll`, native: the native binary), and print a row per build and size: the
#      best wall-clock time and the range over the runs, the CPU time (user + system) of the best run and its range,
#      the peak RSS; then the ratio of each size to the one before, per build.
#
# Targets (issue 4): 100,000 commands in at most 2 s and 500 MB; ten times the commands in at most twelve times the
# time. The machine is shared: the load average is printed, and CPU time is the steadier number when it is high.
# Environment: RUNS (default 3), BUILDS (default "jit native"; "jit" skips the native binary), DREC_BIN (a native
# drec to time instead of publishing one), KEEP_WORK=1 keeps the temporary folder.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO
readonly RUNS=${RUNS:-3}
read -r -a BUILDS <<<"${BUILDS:-jit native}"
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(100000 1000000)

log() { printf 'bench-compile: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v dotnet >/dev/null || die "dotnet not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found: apt-get install -y time"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
for size in "${SIZES[@]}"; do [[ $size =~ ^[1-9][0-9]*$ ]] || die "sizes are numbers of commands, got '$size'"; done
for build in "${BUILDS[@]}"; do [[ $build == jit || $build == native ]] || die "BUILDS holds jit and native, got '$build'"; done

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
NATIVE=""
if [[ " ${BUILDS[*]} " == *" native "* ]]; then
    if [[ -n ${DREC_BIN:-} ]]; then
        NATIVE=$DREC_BIN
    else
        log "publishing the native drec (2 to 3 minutes)…"
        dotnet publish "$REPO/src/Cli/DockerRecord.Cli.csproj" -c Release -r linux-x64 -o "$WORK/native" --nologo -v q >&2
        NATIVE=$WORK/native/drec
    fi
    [[ -x $NATIVE ]] || die "no native drec at $NATIVE"
fi

# command BUILD: the command line that starts that build of drec
command_of() { if [[ $1 == native ]]; then echo "$NATIVE"; else echo "dotnet $DREC_DLL"; fi; }

# field NAME FILE: the value of one line of `/usr/bin/time -v` output
field() { sed -nE "s/^[[:space:]]*$1: (.*)$/\1/p" "$2" | tail -n 1; }
# range "A B C": the lowest and highest of some numbers, as LOW-HIGH
range() { tr ' ' '\n' <<<"$1" | awk 'NF { if (n++ == 0 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { printf "%.2f-%.2f", lo, hi }'; }
# seconds of an elapsed time written h:mm:ss or m:ss.ss
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)
results=()
declare -A prev_secs=() prev_cpu=() prev_size=()
for size in "${SIZES[@]}"; do
    trace=$WORK/trace-$size
    log "writing a synthetic trace of $size commands…"
    dotnet "$BENCH_DLL" --write-trace "$trace" "$size" >&2
    bytes=$(wc -c <"$trace/session-1/commands.jsonl" | tr -d ' ')
    declare -A walls=() cpus=() best=() best_cpu=() rss_max=()
    for ((i = 0; i < RUNS; i++)); do
        for build in "${BUILDS[@]}"; do
            log "compiling $size commands ($build, run $((i + 1)) of $RUNS)…"
            rm -rf "$WORK/out"
            # shellcheck disable=SC2046 # the command line of a build is words
            /usr/bin/time -v -o "$WORK/time.txt" $(command_of "$build") compile "$trace" -o "$WORK/out/Dockerfile" >/dev/null 2>"$WORK/stderr" \
                || { tail -n 5 "$WORK/stderr" >&2; die "drec compile ($build) failed on $size commands"; }
            secs=$(seconds "$(field 'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)' "$WORK/time.txt")")
            cpu=$(awk -v u="$(field 'User time \(seconds\)' "$WORK/time.txt")" -v s="$(field 'System time \(seconds\)' "$WORK/time.txt")" 'BEGIN { printf "%.2f", u + s }')
            rss=$(field 'Maximum resident set size \(kbytes\)' "$WORK/time.txt")
            walls[$build]+="$secs " cpus[$build]+="$cpu "
            if [[ -z ${best[$build]:-} ]] || awk -v a="$secs" -v b="${best[$build]}" 'BEGIN { exit !(a < b) }'; then
                best[$build]=$secs best_cpu[$build]=$cpu
            fi
            ((rss > ${rss_max[$build]:-0})) && rss_max[$build]=$rss
        done
    done
    lines=$(wc -l <"$WORK/out/Dockerfile" | tr -d ' ')
    for build in "${BUILDS[@]}"; do
        ratio=""
        # against the size before it (the target: ten times the commands in at most twelve times the time)
        if [[ -n ${prev_secs[$build]:-} ]]; then
            ratio=$(awk -v a="${best[$build]}" -v b="${prev_secs[$build]}" -v c="${best_cpu[$build]}" -v d="${prev_cpu[$build]}" \
                -v n="$size" -v m="${prev_size[$build]}" 'BEGIN { printf "  x%.1f commands: x%.1f wall, x%.1f CPU", n / m, a / b, c / d }')
        fi
        prev_secs[$build]=${best[$build]} prev_cpu[$build]=${best_cpu[$build]} prev_size[$build]=$size
        results+=("$(printf '%9d commands (%d MB trace, %d Dockerfile lines) %-6s %6.2f s wall (%s), %6.2f s CPU (%s), peak RSS %d MiB%s' \
            "$size" $((bytes / 1000000)) "$lines" "$build" "${best[$build]}" "$(range "${walls[$build]}")" "${best_cpu[$build]}" \
            "$(range "${cpus[$build]}")" $((rss_max[$build] / 1024)) "$ratio")")
    done
    unset walls cpus best best_cpu rss_max
done

cpu_model=$(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc) cores, ${cpu_model:-unknown CPU}; dotnet $(dotnet --version); best of $RUNS alternating runs per build (wall, range in parentheses), CPU = user + system of that run (range)"
echo "builds: jit = dotnet $(basename "$DREC_DLL")${NATIVE:+; native = $NATIVE ($(du -h "$NATIVE" | cut -f1))}"
echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
printf '%s\n' "${results[@]}"
