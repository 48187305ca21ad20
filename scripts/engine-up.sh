#!/usr/bin/env bash
# engine-up.sh — make a real Docker engine with a `debian:bookworm` image available.
#
# Idempotent; meant for a fresh Debian bookworm machine, run as root, with no
# Docker Hub access but a reachable Debian package mirror. Used by CI (.ci/run)
# and by the C# test fixtures before engine tests. Concurrent calls serialize on
# a flock, so two test processes may call it at the same time.
#
# Steps (each skipped when already done):
#   1. apt-get install docker.io debootstrap   (if docker/dockerd/debootstrap missing)
#   2. start dockerd detached                   (if the engine does not answer)
#   3. build debian:bookworm with debootstrap   (if the image is missing; rootfs
#      tarball cached in /var/cache/drec so a later rebuild is a plain import)
#
# Progress goes to stderr; stdout stays empty. Exit 0 means the engine answers on
# /var/run/docker.sock and debian:bookworm exists.
#
# Note for callers: the Debian engine is 20.10 (API 1.41). BuildKit builds need
# the Debian client /usr/bin/docker (built-in BuildKit); a newer client such as
# /usr/local/bin/docker without the buildx plugin refuses DOCKER_BUILDKIT=1.
set -euo pipefail

readonly LOCK_FILE=${DREC_ENGINE_LOCK:-/tmp/drec-engine.lock}
readonly DOCKERD_LOG=/var/log/dockerd.log
readonly STEP_LOG=/var/log/drec-engine-up.log      # apt-get / debootstrap output
readonly CACHE_DIR=/var/cache/drec
readonly ROOTFS_TAR=$CACHE_DIR/debian-bookworm.tar
readonly IMAGE=debian:bookworm
readonly DEFAULT_MIRROR=http://deb.debian.org/debian
readonly START_TIMEOUT_S=60

# Always talk to the engine this script manages, whatever the caller's environment says.
export DOCKER_HOST=unix:///var/run/docker.sock
unset DOCKER_CONTEXT

log() { printf 'engine-up: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_root() {
    [[ $EUID -eq 0 ]] || die "must run as root to $1"
}

engine_answers() {
    timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

image_present() {
    docker image inspect "$IMAGE" >/dev/null 2>&1
}

# Close every inherited fd above 2 in the current (sub)shell. Used before
# exec'ing dockerd: otherwise the daemon would keep our lock fd (holding the
# flock forever) and any pipe the caller passed us (a caller reading our output
# to EOF would then hang until dockerd exits).
close_extra_fds() {
    local fd
    for fd in /proc/"$BASHPID"/fd/*; do
        fd=${fd##*/}
        [[ $fd -gt 2 ]] || continue
        eval "exec $fd>&-" 2>/dev/null || true
    done
}

# ---------------------------------------------------------------- 1. packages
ensure_packages() {
    # /usr/local/bin/docker may exist as a client only, so check dockerd itself.
    if command -v docker >/dev/null && command -v dockerd >/dev/null \
        && command -v debootstrap >/dev/null; then
        return 0
    fi
    need_root "install docker.io"
    log "installing docker.io and debootstrap with apt-get…"
    {
        apt-get update \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y \
                -o DPkg::Lock::Timeout=300 docker.io debootstrap
    } >>"$STEP_LOG" 2>&1 </dev/null || {
        tail -n 20 "$STEP_LOG" >&2 || true
        die "apt-get install docker.io debootstrap failed (see $STEP_LOG)"
    }
    hash -r
    command -v dockerd >/dev/null || die "dockerd still missing after installing docker.io"
}

# ------------------------------------------------------------------ 2. engine
# Start dockerd with the given storage driver and wait for it to answer.
# Returns 0 when it answers, 1 when it died, 2 when it is alive but silent.
start_dockerd() {
    local driver=$1 pid i
    log "starting dockerd (storage driver $driver)…"
    printf '\n=== engine-up: dockerd --storage-driver=%s started %s ===\n' \
        "$driver" "$(date -Is)" >>"$DOCKERD_LOG"
    # setsid: own session, so the daemon is not killed with the caller's process
    # group/terminal; nohup: ignore SIGHUP. As a background child of a
    # non-interactive shell the subshell is not a group leader, so setsid does
    # not fork and $! is the dockerd pid.
    (
        close_extra_fds
        exec setsid nohup dockerd --storage-driver="$driver" --iptables=false \
            --bridge=none </dev/null >>"$DOCKERD_LOG" 2>&1
    ) &
    pid=$!
    for ((i = 0; i < START_TIMEOUT_S * 2; i++)); do
        engine_answers && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.5
    done
    return 2
}

ensure_engine() {
    engine_answers && return 0
    need_root "start dockerd"
    local i rc=0
    if pgrep -x dockerd >/dev/null; then
        # A daemon is running but not (yet) answering: maybe still starting up.
        # Never start a second one next to it.
        log "dockerd is running but not answering yet; waiting…"
        for ((i = 0; i < START_TIMEOUT_S * 2; i++)); do
            engine_answers && return 0
            sleep 0.5
        done
        die "a dockerd process exists but does not answer on $DOCKER_HOST after ${START_TIMEOUT_S}s"
    fi
    start_dockerd overlay2 || rc=$?
    if [[ $rc -eq 1 ]]; then
        # overlay2 needs a backing filesystem that supports it (e.g. not
        # overlayfs-on-overlayfs); vfs works everywhere, just slower and bigger.
        log "dockerd exited with overlay2; retrying with the vfs storage driver…"
        rc=0
        start_dockerd vfs || rc=$?
    fi
    if [[ $rc -ne 0 ]]; then
        tail -n 30 "$DOCKERD_LOG" >&2 || true
        die "Docker engine did not come up within ${START_TIMEOUT_S}s (log: $DOCKERD_LOG)"
    fi
}

# ------------------------------------------------------------------- 3. image
# The Debian mirror the host uses for bookworm: deb822 sources first, then the
# one-line format, then the default.
debian_mirror() {
    local uri=""
    if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
        # Paragraph mode: one record per stanza. Take the first URI of an
        # enabled "deb" stanza whose Suites contain exactly "bookworm".
        uri=$(awk 'BEGIN { RS = ""; FS = "\n" }
            {
                types = ""; uris = ""; suites = ""; enabled = "yes"
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^[ \t]*#/) continue
                    key = tolower(line); sub(/:.*/, "", key)
                    val = line; sub(/^[^:]*:[ \t]*/, "", val)
                    if (key == "types") types = val
                    else if (key == "uris") uris = val
                    else if (key == "suites") suites = val
                    else if (key == "enabled") enabled = tolower(val)
                }
                if (enabled != "no" && (" " types " ") ~ /[ \t]deb[ \t]/ \
                    && (" " suites " ") ~ /[ \t]bookworm[ \t]/) {
                    split(uris, u, /[ \t]+/); print u[1]; exit
                }
            }' /etc/apt/sources.list.d/debian.sources)
    fi
    if [[ -z $uri && -r /etc/apt/sources.list ]]; then
        # deb [options] URI SUITE COMPONENTS...
        uri=$(awk '$1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == "bookworm") { print $i; exit }
            }' /etc/apt/sources.list)
    fi
    case $uri in
        http://* | https://* | file:/*) printf '%s\n' "${uri%/}" ;;
        *) printf '%s\n' "$DEFAULT_MIRROR" ;;
    esac
}

# Lazily unmount anything debootstrap may have left mounted (proc, sys) under
# $1 before deleting it, so rm -rf never walks into a live /proc or /sys.
remove_rootfs() {
    local dir=$1
    [[ -n $dir && -d $dir ]] || return 0
    awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/mounts \
        | sort -r | while read -r m; do umount -l "$m" || true; done
    rm -rf --one-file-system "$dir"
}

build_rootfs_tar() {
    local mirror rootfs include=()
    mirror=$(debian_mirror)
    # minbase has no CA bundle; an https mirror would break apt in the image.
    [[ $mirror == https://* ]] && include=(--include=ca-certificates)
    rootfs=$(mktemp -d /var/tmp/drec-rootfs.XXXXXX)
    # shellcheck disable=SC2064  # expand $rootfs now: it is local
    trap "remove_rootfs '$rootfs'" EXIT
    log "debootstrap --variant=minbase bookworm from $mirror (takes a minute or two)…"
    debootstrap --variant=minbase "${include[@]}" bookworm "$rootfs" "$mirror" \
        >>"$STEP_LOG" 2>&1 </dev/null || {
        tail -n 20 "$STEP_LOG" >&2 || true
        die "debootstrap failed (see $STEP_LOG)"
    }

    # debootstrap wrote /etc/apt/sources.list for $mirror (bookworm main only).
    # Prefer the host's own deb822 Debian sources: they are known to be
    # reachable from here (containers run with --network host) and also carry
    # bookworm-updates and bookworm-security, like the official image.
    if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
        install -m 0644 /etc/apt/sources.list.d/debian.sources \
            "$rootfs/etc/apt/sources.list.d/debian.sources"
        rm -f "$rootfs/etc/apt/sources.list"
    fi
    # Like the official image: no package lists or .debs, no host identity.
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin \
        "$rootfs"/var/cache/apt/archives/*.deb
    rm -f "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf"

    mkdir -p "$CACHE_DIR"
    # Write next to the target and rename, so an interrupted run never leaves a
    # truncated cache behind. /dev, /proc and /sys are supplied by the runtime.
    tar --numeric-owner -C "$rootfs" \
        --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* \
        -cf "$ROOTFS_TAR.tmp" .
    mv -f "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
    remove_rootfs "$rootfs"
    trap - EXIT
}

ensure_image() {
    image_present && return 0
    need_root "build $IMAGE"
    if [[ ! -s $ROOTFS_TAR ]]; then
        build_rootfs_tar
    else
        log "using cached rootfs $ROOTFS_TAR"
    fi
    log "importing $ROOTFS_TAR as $IMAGE…"
    docker import --change 'CMD ["bash"]' - "$IMAGE" <"$ROOTFS_TAR" >/dev/null \
        || die "docker import of $ROOTFS_TAR failed"
    # Cheap sanity check that the image actually runs on this engine.
    docker run --rm --network host "$IMAGE" true >/dev/null \
        || die "$IMAGE was imported but a container from it does not run"
}

# -------------------------------------------------------------------- main
main() {
    local lock_fd
    exec {lock_fd}>>"$LOCK_FILE"
    # Serialize concurrent callers; the first build may take a few minutes.
    flock -w 900 "$lock_fd" || die "timed out waiting for lock $LOCK_FILE"

    ensure_packages
    ensure_engine
    ensure_image
}

main "$@"
