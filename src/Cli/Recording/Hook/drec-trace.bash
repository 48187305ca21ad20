# drec hook for a bash outside containers (`drec hook bash --trace DIR`): printed before the recording hook
# (drec.bash), which then runs with __drec_local=1.
#
# Set by drec before this text: __drec_trace (the trace folder, absolute) and __drec_dver (drec's version). Evaluated
# again in a shell already recorded, it changes nothing.
#
# Each shell that evaluates the hook is one session of the trace: it makes session-N (mkdir is atomic, so shells that
# start together get different numbers), writes session.json from the hook's start record, and appends one JSON line
# per command line to commands.jsonl at the point where, in a container, the hook would wait for drec: after each
# command, before the prompt, in bash itself (no fork). At exit it adds the end time and exit status to session.json.
# The hook's spool ($__drec_dir/events) only holds the records of one prompt cycle; it is removed at exit.
# No file changes, ports or edited files are recorded here: only a container's changes can be attributed.

# shellcheck disable=SC2016,SC2034,SC2154,SC2059,SC2317  # JSON text is built at run time; variables are shared with drec.bash

__drec_go=0 # 1: record this shell (drec.bash follows and runs only then)

# Makes session-N in the trace folder (and the folder and its trace.json when missing). Forks, but only at start-up.
__drec_local_open() {
    local __t=$__drec_trace __n=0 __d __m=''
    if [[ ! -d $__t ]] && ! command mkdir -p -- "$__t" 2>/dev/null; then
        builtin echo "drec: cannot create the trace folder $__t; this shell is NOT being recorded" >&2
        return 1
    fi
    if [[ -e $__t/trace.json ]]; then
        IFS= builtin read -r -d '' __m < "$__t/trace.json"
        if [[ $__m != *'"drec-trace"'* ]]; then
            builtin echo "drec: $__t/trace.json is not a drec trace; this shell is NOT being recorded" >&2
            return 1
        fi
    elif builtin compgen -G "$__t/*" >/dev/null || builtin compgen -G "$__t/.[!.]*" >/dev/null; then
        builtin echo "drec: $__t is not empty and is not a drec trace (no trace.json); this shell is NOT being recorded" >&2
        return 1
    elif ! builtin printf '{\n  "format": "drec-trace",\n  "version": 1\n}\n' 2>/dev/null > "$__t/trace.json"; then
        builtin echo "drec: cannot write $__t/trace.json; this shell is NOT being recorded" >&2
        return 1
    fi
    for __d in "$__t"/session-*; do
        __d=${__d##*/session-}
        [[ $__d && $__d != *[!0-9]* && $__d != 0* ]] && (( ${#__d} < 10 && __d > __n )) && __n=$__d
    done
    for (( __n++; ; __n++ )); do
        command mkdir -- "$__t/session-$__n" 2>/dev/null && break
        if [[ ! -e $__t/session-$__n ]]; then
            builtin echo "drec: cannot create $__t/session-$__n; this shell is NOT being recorded" >&2
            return 1
        fi
    done
    __drec_snum=$__n
    DREC_DIR=$__t/session-$__n
    DREC_SESSION=host-$$-$__n
    return 0
}

# Sets __drec_q to $1 as a JSON string. Quotes and backslashes are escaped, control characters written as \n, \t, \r
# or \u00XX; other text passes unchanged (bytes that are not UTF-8 read back as U+FFFD).
__drec_jq() {
    local __s=$1 __i
    if [[ $__s == *[\"\\$__drec_cc]* ]]; then
        __s=${__s//\\/\\\\}
        __s=${__s//\"/\\\"}
        if [[ $__s == *[$__drec_cc]* ]]; then
            __s=${__s//$'\n'/\\n}
            __s=${__s//$'\t'/\\t}
            __s=${__s//$'\r'/\\r}
            for (( __i = 1; __i < 32; __i++ )); do
                [[ $__s == *[$__drec_cc]* ]] || break
                __s=${__s//"${__drec_ctl[__i]}"/${__drec_esc[__i]}}
            done
        fi
    fi
    __drec_q="\"$__s\""
}

# Sets __drec_q to the JSON time (UTC, ISO 8601) of $1 microseconds since the epoch, or to '' when $1 is not one.
# Civil date from days since the epoch by arithmetic: no fork, no dependence on TZ; the date is kept for the next call.
__drec_jday=-1 __drec_jdate=''
__drec_jtime() {
    __drec_q=''
    [[ ${#1} -gt 6 && $1 != *[!0-9]* ]] || return 0
    local __s=$(( 10#${1:0:${#1}-6} )) __z __era __doe __yoe __doy __mp __m
    if (( __s / 86400 != __drec_jday )); then
        __drec_jday=$(( __s / 86400 ))
        __z=$(( __drec_jday + 719468 ))
        __era=$(( __z / 146097 ))
        __doe=$(( __z - __era * 146097 ))
        __yoe=$(( (__doe - __doe / 1460 + __doe / 36524 - __doe / 146096) / 365 ))
        __doy=$(( __doe - (365 * __yoe + __yoe / 4 - __yoe / 100) ))
        __mp=$(( (5 * __doy + 2) / 153 ))
        __m=$(( __mp < 10 ? __mp + 3 : __mp - 9 ))
        builtin printf -v __drec_jdate '%04d-%02d-%02d' $(( __yoe + __era * 400 + (__m <= 2) )) "$__m" \
            $(( __doy - (153 * __mp + 2) / 5 + 1 ))
    fi
    __s=$(( __s % 86400 ))
    builtin printf -v __drec_q '"%sT%02d:%02d:%02d.%sZ"' "$__drec_jdate" $(( __s / 3600 )) $(( __s / 60 % 60 )) \
        $(( __s % 60 )) "${1:${#1}-6}"
}

# Sets __drec_q to the commands.jsonl line of the kind=cmd record in __drec_jr (its fields), as drec record writes it
# minus what only a container shows (changes, ports, captures).
__drec_local_cmd() {
    local __x __k __v __seq='' __cmd='' __ran=true __st=0 __ps='' __user='' __uid='' __euid='' __pb='' __pwd='' __t0=''
    local __t1='' __lvl='' __env='' __unenv='' __flags='' __j
    for __x in "${__drec_jr[@]:1}"; do
        __k=${__x%%=*} __v=${__x#*=}
        case $__k in
            seq) __seq=$__v ;;
            cmd) __cmd=$__v ;;
            ran) [[ $__v == 0 ]] && __ran=false ;;
            status) [[ $__v && $__v != *[!0-9]* ]] && __st=$__v ;;
            pipestatus) __ps=$__v ;;
            user) __user=\"$__v\"; [[ $__v == *[\"\\$__drec_cc]* ]] && __drec_jq "$__v" && __user=$__drec_q ;;
            uid) __uid=$__v ;;
            euid) __euid=$__v ;;
            pwd_before) __pb=\"$__v\"; [[ $__v == *[\"\\$__drec_cc]* ]] && __drec_jq "$__v" && __pb=$__drec_q ;;
            pwd) __pwd=\"$__v\"; [[ $__v == *[\"\\$__drec_cc]* ]] && __drec_jq "$__v" && __pwd=$__drec_q ;;
            t0) __t0=$__v ;;
            t1) __t1=$__v ;;
            shlvl) __lvl=$__v ;;
            env)
                __drec_jq "${__v%%=*}"; __env+=${__env:+,}$__drec_q:
                __drec_jq "${__v#*=}"; __env+=$__drec_q ;;
            unenv) __drec_jq "$__v"; __unenv+=${__unenv:+,}$__drec_q ;;
            cmd_unknown) __flags+=${__flags:+,}'"cmd_unknown"' ;;
            missed) __flags+=${__flags:+,}'"missed_prompt"' ;;
            late) __flags+=${__flags:+,}'"late_status"' ;;
        esac
    done
    [[ $__seq && $__seq != *[!0-9]* ]] || return 1
    # history keeps the line break that ends a typed here-document; no other line keeps its Enter
    while [[ $__cmd == *$'\n' ]]; do __cmd=${__cmd%$'\n'}; done
    __drec_jq "$__cmd"
    __j="{\"seq\":$__seq,\"cmd\":$__drec_q,\"ran\":$__ran,\"interrupted\":"
    if (( __st == 130 )); then __j+=true; else __j+=false; fi
    __j+=",\"status\":$__st,\"pipestatus\":["
    __k=''
    for __x in $__ps; do
        [[ $__x && $__x != *[!0-9]* ]] || __x=-1
        __j+=$__k$__x __k=,
    done
    __j+="]"
    [[ $__user ]] && __j+=",\"user\":$__user"
    [[ $__uid && $__uid != *[!0-9]* ]] && __j+=",\"uid\":$__uid"
    [[ $__euid && $__euid != *[!0-9]* ]] && __j+=",\"euid\":$__euid"
    [[ $__pb ]] && __j+=",\"cwd_before\":$__pb"
    [[ $__pwd ]] && __j+=",\"cwd\":$__pwd"
    __j+=",\"env_set\":{$__env},\"env_unset\":[$__unenv]"
    __drec_jtime "$__t0"; [[ $__drec_q ]] && __j+=",\"start\":$__drec_q"
    __drec_jtime "$__t1"; [[ $__drec_q ]] && __j+=",\"end\":$__drec_q"
    [[ $__lvl && $__lvl != *[!0-9]* ]] && __j+=",\"shlvl\":$__lvl"
    __drec_q="$__j,\"flags\":[$__flags]}"
}

# Turns the records in the spool into trace lines: commands to commands.jsonl (one append), the start record into
# session.json, the exit record into __drec_xst / __drec_xt. Then empties the spool.
__drec_local_flush() {
    local -a __f=() __lines=()
    local __x __y
    builtin mapfile -d '' __f < "$__drec_spool" 2>/dev/null || return 0
    (( ${#__f[@]} )) || return 0
    __drec_jr=()
    for __x in "${__f[@]}"; do
        if [[ $__x ]]; then
            __drec_jr+=("$__x")
            continue
        fi
        case ${__drec_jr[0]-} in
            kind=cmd) __drec_local_cmd && __lines+=("$__drec_q") ;;
            kind=start) [[ $__drec_sjson ]] || __drec_local_session ;;
            kind=exit)
                for __y in "${__drec_jr[@]}"; do
                    case $__y in
                        status=*) __drec_xst=${__y#status=} ;;
                        t=*) __drec_xt=${__y#t=} ;;
                    esac
                done ;;
        esac
        __drec_jr=()
    done
    (( ${#__lines[@]} )) && builtin printf '%s\n' "${__lines[@]}" >> "$__drec_cmds"
    : >| "$__drec_spool"
}

# session.json from the start record in __drec_jr: the shell, who and where, the environment at start.
__drec_local_session() {
    local __x __k __v __env='' __j __host
    __drec_jq "${HOSTNAME-}"; __host=$__drec_q
    __drec_jq "${BASH-bash}"
    __j="{\"number\":$__drec_snum,\"container_id\":\"\",\"container_name\":$__host,\"host\":$__host,\"shell\":$__drec_q"
    for __x in "${__drec_jr[@]:1}"; do
        __k=${__x%%=*} __v=${__x#*=}
        case $__k in
            bash) __drec_jq "$__v"; __j+=",\"shell_version\":$__drec_q" ;;
            user) __drec_jq "$__v"; __j+=",\"user\":$__drec_q" ;;
            t) __drec_jtime "$__v"; [[ $__drec_q ]] && __j+=",\"start\":$__drec_q" ;;
            pwd) __drec_jq "$__v"; __j+=",\"initial_directory\":$__drec_q" ;;
            uid) [[ $__v && $__v != *[!0-9]* ]] && __j+=",\"initial_uid\":$__v" ;;
            env)
                __drec_jq "${__v%%=*}"; __env+=${__env:+,}$__drec_q:
                __drec_jq "${__v#*=}"; __env+=$__drec_q ;;
        esac
    done
    __drec_jq "$__drec_dver"
    __drec_sjson="$__j,\"drec_version\":$__drec_q,\"environment\":{$__env}"
    builtin printf '%s}\n' "$__drec_sjson" > "$__drec_dir/session.json"
}

# At exit (from __drec_on_exit): the last records, then session.json again with the end time and exit status (written
# beside and renamed, so a reader never sees half of it), and the spool removed.
__drec_local_end() {
    __drec_local_flush
    [[ $__drec_sjson ]] || return 0
    __drec_jtime "${__drec_xt-}"
    local __j=$__drec_sjson
    [[ $__drec_q ]] && __j+=",\"end\":$__drec_q"
    [[ ${__drec_xst-} && $__drec_xst != *[!0-9]* ]] && __j+=",\"exit_status\":$__drec_xst"
    builtin printf '%s}\n' "$__j" 2>/dev/null > "$__drec_dir/session.json.tmp" &&
        command mv -f -- "$__drec_dir/session.json.tmp" "$__drec_dir/session.json" 2>/dev/null
    command rm -f -- "$__drec_spool" 2>/dev/null
    return 0
}

# After drec.bash's start-up: the tables __drec_jq uses, no editor captures, and session.json from the start record.
__drec_local_begin() {
    local __i __o
    __drec_cc='' __drec_ctl=() __drec_esc=()
    for (( __i = 1; __i < 32; __i++ )); do
        builtin printf -v __o '%03o' "$__i"
        builtin printf -v "__drec_ctl[__i]" "\\$__o"
        builtin printf -v "__drec_esc[__i]" '\\u%04x' "$__i"
        __drec_cc+=${__drec_ctl[__i]}
    done
    __drec_eds=()
    __drec_capture() { return 0; }
    __drec_cmds=$__drec_dir/commands.jsonl
    __drec_sjson='' __drec_xst='' __drec_xt=''
    __drec_local_flush
}

if [[ $- != *i* ]]; then
    : # not an interactive shell: nothing is typed
elif builtin declare -F __drec_precmd >/dev/null; then
    : # this shell is already recorded (the hook evaluated twice)
elif [[ -z ${BASH_VERSINFO-} ]] || (( BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4) )); then
    builtin echo "drec: bash ${BASH_VERSION-} is too old to be recorded (drec needs bash 4.4 or newer); this shell is NOT being recorded" >&2
elif __drec_local_open; then
    __drec_go=1 __drec_local=1
fi
