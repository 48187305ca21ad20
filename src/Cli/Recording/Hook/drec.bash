# drec recording hook for an interactive bash (4.4 to 5.3).
#
# Started as `bash --rcfile "$DREC_DIR/rc" -i` with, in the environment (copied into shell variables, then unset so
# they never reach the recorded environment):
#   DREC_DIR      the session directory; records are appended to $DREC_DIR/events, files copied after an editor
#                 exits go to $DREC_DIR/files/<seq>-<n>
#   DREC_SESSION  the session id (written into the start record)
#
# Spool ($DREC_DIR/events): a record is a run of fields `key=value`, each ended by a NUL byte, and the record ends
# with an empty field (one more NUL). One `printf '%s\0' ... ''` append per record. The first field is
# kind=start|cmd|exit; env, unenv, capture and capture_file may repeat, in order. Field list: docs in SpoolReader.cs.
#
# Design (PROMPT_COMMAND + PS0, no DEBUG trap): PS0 counts the command lines that reach execution and stamps their
# start time through side-effect-only expansions (no fork); __drec_precmd, element 0 of PROMPT_COMMAND, takes $? and
# PIPESTATUS first, reads the line from `history 1`, and appends one record per line. Builtins' output is read back
# through a scratch file (in /dev/shm when possible), so nothing forks per command except the copy after an editor.
# Functions are defined before ~/.bashrc runs (so its aliases cannot change them) and installed after it.
#
# Outside containers (`drec hook bash`, Hook/drec-trace.bash printed before this file) __drec_local is 1: the hook is
# sourced from ~/.bashrc instead of sourcing it, keeps the user's history file, defines no nested-shell wrappers, and
# turns its own records into trace lines where in a container it would wait for drec's acknowledgement.

# shellcheck disable=SC2016,SC1090,SC1003,SC2178,SC2088,SC2059  # PS0 text is expanded later; ~/.bashrc is the user's; record formats are built at start-up

# a nested shell started by the wrappers below finds its session folder from its own rc file (`su -` clears the
# environment)
__drec_dir=${DREC_DIR:-${BASH_SOURCE[0]%/*}}
[[ ${DREC_DIR-} || -e $__drec_dir/events ]] || __drec_dir=
__drec_sid=${DREC_SESSION-}
unset DREC_DIR DREC_SESSION

if [ -z "${BASH_VERSINFO-}" ] || [ "${BASH_VERSINFO[0]}" -lt 4 ] || { [ "${BASH_VERSINFO[0]}" -eq 4 ] && [ "${BASH_VERSINFO[1]}" -lt 4 ]; }; then
    echo "drec: bash ${BASH_VERSION-} is too old to be recorded (drec needs bash 4.4 or newer); this shell is NOT being recorded" >&2
    if [ -n "$__drec_dir" ] && [ -d "$__drec_dir" ]; then
        builtin printf '%s\0' kind=start format=1 "session=$__drec_sid" "bash=${BASH_VERSION-}" "pid=$$" \
            "error=bash ${BASH_VERSION-} is older than 4.4" '' >> "$__drec_dir/events" 2>/dev/null
    fi
    unset __drec_dir __drec_sid
    [ -r ~/.bashrc ] && . ~/.bashrc
    return 0
fi

if [[ -z $__drec_dir ]]; then
    echo "drec: DREC_DIR is not set; this shell is NOT being recorded" >&2
    unset __drec_dir __drec_sid
    [[ -r ~/.bashrc ]] && . ~/.bashrc
    return 0
fi

# Function bodies must not pick up aliases that /etc/bash.bashrc may already have defined.
if shopt -q expand_aliases; then __drec_ea=1; else __drec_ea=0; fi
shopt -u expand_aliases

__drec_dir=${__drec_dir%/}
__drec_spool=$__drec_dir/events
if [[ $__drec_dir == /dev/shm/* ]]; then
    __drec_tmp=$__drec_dir/.scratch-$$       # removed with the session folder, whatever happens to this shell
elif [[ -d /dev/shm && -w /dev/shm ]]; then
    __drec_tmp=/dev/shm/.drec-scratch-$$     # tmpfs: cheap to rewrite, never in `docker diff`
else
    __drec_tmp=$__drec_dir/.scratch-$$
fi
__drec_seq=0            # kind=cmd records written so far
__drec_ps0n=0           # command lines that reached PS0, i.e. execution (PS0 adds 1)
__drec_seen=0           # __drec_ps0n when the last line was accounted for
__drec_last=''          # history number of the last line accounted for
__drec_hc=''            # HISTCMD after the last full precmd: a repeat call in the same prompt cycle is a no-op
__drec_t0s=''           # set by PS0: EPOCHREALTIME (bash >= 5.0) or SECONDS when the line started
__drec_first=1          # the first prompt only takes a baseline
declare -A __drec_expk=() # one key: x + `export -p` at the last env delta (unchanged output means no delta)
__drec_pwd=$PWD         # cwd when the next line starts
__drec_nop=('')
__drec_parts=()
__drec_f=()
__drec_e=()           # extra fields of the record being written (env, unenv, capture...)
__drec_late=''         # set when PROMPT_COMMAND ran something before the hook in this cycle
__drec_so=''           # options the hook turned off for the duration of a call
__drec_ifs=''
__drec_st=0 __drec_t1='' __drec_h='' __drec_hn=''
__drec_ps=''
__drec_fix1=() __drec_fix2=()
__drec_fmt=''
# first words after which the line is parsed for an editor's file arguments (x: the line starts with a blank or '(')
declare -A __drec_eds=()
for __drec_n in x sudo env command vi vim nvim view ex rvim vim.tiny vim.basic vim.nox nano rnano emacs emacs-nox \
    mcedit micro pico joe ed editor sensible-editor sudoedit; do
    __drec_eds[x$__drec_n]=1
done
__drec_w=()
declare -A __drec_nA=() __drec_env=() __drec_ok=([x__drec_precmd]=0) __drec_good=()
__drec_uexit=''         # an EXIT trap that ~/.bashrc had set; run after ours
if (( BASH_VERSINFO[0] >= 5 )); then __drec_rt=1; else __drec_rt=0; fi
if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then __drec_pca=1; else __drec_pca=0; fi
__drec_sb=0             # bash < 5.0: epoch seconds minus SECONDS at start-up
__drec_local=${__drec_local:-0}
if (( __drec_local )); then __drec_hf=''; else __drec_hf=x; fi # x: HISTFILE must stay unset (nothing lands in the container)

# PS0 fragment: expands to nothing. Counts the line, stamps its start, and puts the hook back into PROMPT_COMMAND if
# that was unset (or, 5.1+, reassigned as a whole). Assoc subscripts are not arithmetic, so any value is safe there,
# and the x keeps the key from being empty. An error here would cancel the user's command: keep it trivial.
if (( __drec_rt )); then
    __drec_ps0='${__drec_nop[__drec_ps0n+=1,0]}${__drec_nA[x${__drec_t0s:=$EPOCHREALTIME}]-}'
else
    __drec_ps0='${__drec_nop[__drec_ps0n+=1,0]}${__drec_nA[x${__drec_t0s:=$SECONDS}]-}'
fi
if (( __drec_pca )); then
    # element 0 is not __drec_precmd (PROMPT_COMMAND replaced or unset): add the guard at index 99; else a no-op
    __drec_ps0+='${__drec_nA[x${PROMPT_COMMAND[${__drec_ok[x${PROMPT_COMMAND[0]-}]-99}]:=__drec_guard}]-}'
else
    __drec_ps0+='${__drec_nA[x${PROMPT_COMMAND:=__drec_precmd}]-}'
fi

# Sets __drec_t to the current time in microseconds since the epoch.
__drec_now() {
    if (( __drec_rt )); then
        __drec_t=$EPOCHREALTIME
        __drec_t=${__drec_t%???????}${__drec_t: -6}
    else
        builtin printf -v __drec_t '%(%s)T000000' -1
    fi
}

# Puts the hooks back where they belong: element 0 of PROMPT_COMMAND (before 5.1: the first line of the string), and
# the PS0 fragment in front of the user's PS0. Drops the guard (bash >= 5.1), which PS0 adds again when needed.
__drec_install() {
    if (( __drec_pca )); then
        local -a __n=(__drec_precmd)
        local __i __e
        for __i in "${!PROMPT_COMMAND[@]}"; do
            __e=${PROMPT_COMMAND[__i]}
            [[ $__e == __drec_precmd || $__e == __drec_guard || -z $__e ]] && continue
            __n+=("$__e")
        done
        PROMPT_COMMAND=("${__n[@]}")
    else
        local __e=${PROMPT_COMMAND-}
        __e=${__e#__drec_precmd}
        __e=${__e#$'\n'}
        PROMPT_COMMAND=__drec_precmd${__e:+$'\n'$__e}
    fi
    [[ ${PS0-} == *"$__drec_ps0"* ]] || PS0=$__drec_ps0${PS0-}
}

# The session directory may have been deleted (rm -rf /tmp/*): recreate it, mode 1777, and the spool, mode 0666.
# Forks, but only then.
__drec_ensure_dir() {
    [[ -d $__drec_dir && -e $__drec_spool ]] && return 0
    local __m
    __m=$(builtin umask)
    builtin umask 000
    [[ -d $__drec_dir ]] || command mkdir -p -m 1777 -- "$__drec_dir" 2>/dev/null
    [[ -e $__drec_spool ]] || : 2>/dev/null >> "$__drec_spool"
    builtin umask "$__m"
}

# Writes `history 1`, a NUL and `export -p` into the scratch file and reads them into __drec_parts (0: history, 1:
# environment). The fast path in __drec_precmd does the same inline; this one also copes with a user HISTTIMEFORMAT
# and with a scratch file that cannot be written (it then moves into the session directory).
__drec_read() {
    __drec_parts=()
    { HISTTIMEFORMAT='' builtin history 1; builtin printf '\0'; builtin export -p; } 2>/dev/null >| "$__drec_tmp" || {
        [[ $__drec_tmp == "$__drec_dir"/* ]] && return 1
        __drec_tmp=$__drec_dir/.scratch-$$
        __drec_ensure_dir
        { HISTTIMEFORMAT='' builtin history 1; builtin printf '\0'; builtin export -p; } 2>/dev/null >| "$__drec_tmp" ||
            return 1
    }
    builtin mapfile -d '' __drec_parts < "$__drec_tmp"
}

# Compares the exported environment with the one at the last record and sets __drec_e to its env=/unenv= fields.
# $1: `export -p` now. Skips variables that change by themselves or that the hook manages, and the hook's own.
__drec_envdelta() {
    __drec_e=()
    __drec_expk=()
    __drec_expk[x$1]=1
    local __n __v
    local -a __names=()
    local -A __cur=()
    builtin compgen -e 2>/dev/null >| "$__drec_tmp" && builtin mapfile -t __names < "$__drec_tmp"
    for __n in "${__names[@]}"; do
        case $__n in
            _|PWD|OLDPWD|SHLVL|LINES|COLUMNS|HISTCONTROL|HISTIGNORE|HISTFILE|__drec_*) continue ;;
        esac
        [[ ${!__n+x} ]] || continue
        __v=${!__n}
        __cur[$__n]=1
        if [[ ${__drec_env[$__n]+x} != x || ${__drec_env[$__n]} != "$__v" ]]; then
            __drec_e+=("env=$__n=$__v")
            __drec_env[$__n]=$__v
        fi
    done
    for __n in "${!__drec_env[@]}"; do
        if [[ -z ${__cur[$__n]-} ]]; then
            __drec_e+=("unenv=$__n")
            builtin unset "__drec_env[$__n]"
        fi
    done
}

# Splits the first simple command of $1 into __drec_w, honouring quotes and backslashes; stops at an unquoted
# operator or newline. Only used when the first word may start an editor.
__drec_words() {
    local __s=$1 __c __w="" __q="" __i __n=${#1} __have=0
    __drec_w=()
    for (( __i = 0; __i < __n; __i++ )); do
        __c=${__s:__i:1}
        if [[ $__q == "'" ]]; then
            if [[ $__c == "'" ]]; then __q=""; else __w+=$__c; fi
            continue
        fi
        if [[ $__q == '"' ]]; then
            if [[ $__c == '"' ]]; then
                __q=""
            elif [[ $__c == '\' ]] && (( __i + 1 < __n )) && [[ ${__s:__i+1:1} == [\$\`\"\\] ]]; then
                (( __i++ )); __w+=${__s:__i:1}
            else
                __w+=$__c
            fi
            continue
        fi
        case $__c in
            "'"|'"') __q=$__c; __have=1 ;;
            '\') (( __i++ )); [[ ${__s:__i:1} == $'\n' ]] || __w+=${__s:__i:1}; __have=1 ;;
            ' '|$'\t') (( __have )) && __drec_w+=("$__w"); __w="" __have=0 ;;
            ';'|'&'|'|'|'<'|'>'|'('|')'|$'\n') break ;;
            *) __w+=$__c; __have=1 ;;
        esac
    done
    (( __have )) && __drec_w+=("$__w")
    return 0
}

# After an editor ran: copies each file it was given (existing regular files, relative to the cwd at the start of
# the line) to $DREC_DIR/files/<seq>-<n> and appends capture=/capture_file= (or capture_error=) fields to __drec_e.
# $1: the command text, $2: the record's seq.
__drec_capture() {
    __drec_words "$1"
    local -a __a=("${__drec_w[@]}")
    local __i=0 __n=${#__a[@]} __w __ed="" __vi=0 __dd=0 __k=0 __p __dst
    # leading assignments and the wrappers sudo, env, command
    while (( __i < __n )); do
        __w=${__a[__i]}
        case $__w in
            [A-Za-z_]*=*) (( __i++ )); continue ;;
        esac
        case ${__w##*/} in
            sudo)
                (( __i++ ))
                while (( __i < __n )); do
                    case ${__a[__i]} in
                        --) (( __i++ )); break ;;
                        -e|--edit) __ed=sudoedit; (( __i++ )) ;;
                        -[ugpCDrtUTch]) (( __i += 2 )) ;;
                        -*) (( __i++ )) ;;
                        *) break ;;
                    esac
                done
                [[ $__ed ]] && break
                continue ;;
            env)
                (( __i++ ))
                while (( __i < __n )); do
                    case ${__a[__i]} in
                        --) (( __i++ )); break ;;
                        -[uCS]) (( __i += 2 )) ;;
                        -*|[A-Za-z_]*=*) (( __i++ )) ;;
                        *) break ;;
                    esac
                done
                continue ;;
            command)
                (( __i++ ))
                while (( __i < __n )); do
                    case ${__a[__i]} in
                        -v|-V) return 0 ;;
                        -p) (( __i++ )) ;;
                        --) (( __i++ )); break ;;
                        *) break ;;
                    esac
                done
                continue ;;
        esac
        break
    done
    if [[ -z $__ed ]]; then
        (( __i < __n )) || return 0
        __ed=${__a[__i]##*/}
        case $__ed in
            vi|vim|nvim|view|ex|rvim|vim.tiny|vim.basic|vim.nox) __vi=1 ;;
            nano|rnano|emacs|emacs-nox|mcedit|micro|pico|joe|ed|editor|sensible-editor|sudoedit) ;;
            *) return 0 ;;
        esac
        (( __i++ ))
    fi
    for (( ; __i < __n; __i++ )); do
        __w=${__a[__i]}
        if (( ! __dd )); then
            case $__w in
                --) __dd=1; continue ;;
                -[cSuUiTtqwWs]|--cmd) (( __vi )) && (( __i++ )); continue ;;
                -*|+*) continue ;;
            esac
        fi
        [[ $__w ]] || continue
        case $__w in
            '~') __p=$HOME ;;
            '~/'*) __p=$HOME/${__w#'~/'} ;;
            /*) __p=$__w ;;
            *) __p=${__drec_pwd%/}/$__w ;;
        esac
        [[ -f $__p ]] || continue
        (( __k++ ))
        __dst=$2-$__k
        [[ -d $__drec_dir/files ]] || command mkdir -p -m 1777 -- "$__drec_dir/files" 2>/dev/null
        if command cp -p -- "$__p" "$__drec_dir/files/$__dst" 2>/dev/null; then
            __drec_e+=("capture=$__p" "capture_file=$__dst")
        else
            __drec_e+=("capture_error=$__p")
        fi
    done
    return 0
}

# Records for the $1 entries before the last one, which ran while PROMPT_COMMAND did not call the hook (it was unset
# or replaced). `history N` with a one-byte HISTTIMEFORMAT marks where each entry's text starts; fc and history -p
# cannot be used here, both take the last entry for their own command line.
__drec_missed() {
    local __i __p __n
    local -a __parts=()
    HISTTIMEFORMAT=$'\001' builtin history $(( $1 + 1 )) 2>/dev/null >| "$__drec_tmp" || { __drec_missed_unknown "$1"; return 0; }
    builtin mapfile -d $'\001' __parts < "$__drec_tmp"
    (( ${#__parts[@]} == $1 + 2 )) || { __drec_missed_unknown "$1"; return 0; }
    for (( __i = 1; __i <= $1; __i++ )); do
        __p=${__parts[__i]}
        __n=${__parts[__i - 1]##*$'\n'}
        __n=${__n//[!0-9]/}
        builtin printf '%s\0' kind=cmd "seq=$(( ++__drec_seq ))" "hist=$__n" ran=1 status='' pipestatus='' t0='' t1='' \
            "${__drec_fix1[@]}" "pwd_before=$__drec_pwd" "pwd=$PWD" "${__drec_fix2[@]}" "cmd=${__p%$'\n'*}" missed=1 '' \
            >> "$__drec_spool"
    done
}

# $1 records (at most 50) for lines that ran unseen and whose text is lost (history cleared meanwhile).
__drec_missed_unknown() {
    local __i
    for (( __i = 0; __i < $1 && __i < 50; __i++ )); do
        builtin printf '%s\0' kind=cmd "seq=$(( ++__drec_seq ))" hist='' ran=1 status='' pipestatus='' t0='' t1='' \
            "${__drec_fix1[@]}" "pwd_before=$__drec_pwd" "pwd=$PWD" "${__drec_fix2[@]}" cmd='' cmd_unknown=1 missed=1 '' \
            >> "$__drec_spool"
    done
}

# True when every line of $1 is blank or a comment.
__drec_comment_only() {
    local __s=$1 __l
    while [[ $__s ]]; do
        __l=${__s%%$'\n'*}
        if [[ $__s == *$'\n'* ]]; then __s=${__s#*$'\n'}; else __s=''; fi
        __l=${__l#"${__l%%[![:space:]]*}"}
        [[ -z $__l || $__l == \#* ]] || return 1
    done
    return 0
}

# Everything but the plain case (one line ran, its text is in history, the hook ran first): the first prompt,
# syntax errors, history cleared, lines missed while PROMPT_COMMAND was replaced, a late call, bash < 5.0.
# Uses __drec_st, __drec_ps, __drec_t1 (EPOCHREALTIME at the prompt, empty before 5.0), __drec_hn, __drec_h.
__drec_slow() {
    local __k=$(( __drec_ps0n - __drec_seen )) __t0='' __t1=$__drec_t1 __ran=1 __hn __h __unk=''
    __h=${__drec_parts[0]-}
    __h=${__h#"${__h%%[0-9]*}"}
    __hn=${__h%%[!0-9]*}
    __h=${__h#"$__hn"??}
    __h=${__h%$'\n'}
    __drec_hn=$__hn
    if (( __drec_first )); then
        # baseline: the first prompt sees the history file's last line, which is not part of this session
        __drec_first=0 __drec_late=''
        return 0
    fi
    if (( __k <= 0 )) && [[ -z $__hn || $__hn == "$__drec_last" ]]; then
        __drec_late=''
        return 0
    fi
    if [[ $__t1 == *[.,]?????? ]]; then
        __t1=${__t1/[.,]/}
    else
        builtin printf -v __t1 '%(%s)T000000' -1
    fi
    if (( __k > 0 )); then
        if [[ $__drec_t0s == *[.,]?????? ]]; then
            __t0=${__drec_t0s/[.,]/}
        elif [[ $__drec_t0s == [0-9]* ]]; then
            __t0=$(( (__drec_sb + __drec_t0s) * 1000000 ))
        fi
        if (( __k > 1 )); then
            # lines that ran while PROMPT_COMMAND did not call the hook: their text from history when it is intact,
            # else records that only say a line is missing
            if (( __k <= 50 )) && [[ $__hn && $__drec_last ]] && (( __hn - __drec_last == __k )); then
                __drec_missed $(( __k - 1 ))
            else
                __drec_missed_unknown $(( __k - 1 ))
            fi
        fi
        # history cleared (history -c) or the line not added to it: say so rather than repeat an older line
        [[ -z $__hn || $__hn == "$__drec_last" ]] && __unk=1 __h=''
    elif (( __drec_st != 130 )) && ! __drec_comment_only "$__h"; then
        # in history but never executed: a syntax error (Ctrl-C at PS2 gives 130; comments are no commands)
        __ran=0
    else
        __drec_late=''
        return 0
    fi
    if [[ ${__drec_expk[x${__drec_parts[1]-}]-} ]]; then __drec_e=(); else __drec_envdelta "${__drec_parts[1]-}"; fi
    [[ $__unk ]] && __drec_e=(cmd_unknown=1 "${__drec_e[@]}")
    [[ $__drec_late ]] && __drec_e=(late=1 "${__drec_e[@]}")
    if (( __ran )) && [[ $__h && ( ${__drec_eds[x${__h%% *}]-} || $__h == /* ) ]]; then
        __drec_capture "$__h" $(( __drec_seq + 1 ))
    fi
    builtin printf '%s\0' kind=cmd "seq=$(( ++__drec_seq ))" "hist=$__hn" "ran=$__ran" "status=$__drec_st" \
        "pipestatus=$__drec_ps" "t0=$__t0" "t1=$__t1" "${__drec_fix1[@]}" "pwd_before=$__drec_pwd" "pwd=$PWD" \
        "${__drec_fix2[@]}" "cmd=$__h" "${__drec_e[@]}" '' >> "$__drec_spool"
    __drec_late=''
}

# Turns off what would break the hook's own code (errexit, nounset, allexport, xtrace, nocasematch, a changed IFS)
# until __drec_opts_on.
__drec_opts_off() {
    __drec_so=$-:
    [[ $__drec_so == *[euax]* ]] && builtin set +euax
    # allexport was on when __drec_precmd assigned its globals: keep them out of the environment
    [[ $__drec_so == *a* ]] && builtin export -n __drec_st __drec_ps __drec_t1 __drec_ps0n __drec_t0s
    if [[ $BASHOPTS == *nocasematch* ]]; then __drec_so+=n; builtin shopt -u nocasematch; fi
    if [[ $IFS != $' \t\n' ]]; then
        # "${PIPESTATUS[*]}" was joined with IFS's first character (nothing when IFS is empty)
        if [[ ${IFS+x} ]]; then
            __drec_ifs=$IFS __drec_so+=i
            if [[ $IFS ]]; then __drec_ps=${__drec_ps//"${IFS::1}"/ }; else __drec_ps=$__drec_st; fi
        else
            __drec_so+=I
        fi
        IFS=$' \t\n'
    fi
}
__drec_opts_on() {
    local __s=$__drec_so
    __drec_so=''
    [[ $__s == *n* ]] && builtin shopt -s nocasematch
    [[ $__s == *i* ]] && IFS=$__drec_ifs
    [[ $__s == *I* ]] && builtin unset IFS
    __s=${__s%%:*}
    [[ $__s == *e* ]] && builtin set -e
    [[ $__s == *u* ]] && builtin set -u
    [[ $__s == *a* ]] && builtin set -a
    [[ $__s == *x* ]] && builtin set -x
    return 0
}

# Re-asserts what recording depends on: options that would break the hook's own code, the history settings, the
# hooks themselves, the session directory. Called when the one-line check in __drec_precmd fails.
__drec_fix() {
    [[ $- == *[euax]* || $BASHOPTS == *nocasematch* || $IFS != $' \t\n' ]] && __drec_opts_off
    [[ $BASHOPTS == *cmdhist*lithist*promptvars* ]] || builtin shopt -s cmdhist lithist promptvars
    [[ $SHELLOPTS == *history* ]] || builtin set -o history
    [[ ${HISTCONTROL-} ]] && HISTCONTROL=''
    [[ ${HISTIGNORE-} ]] && HISTIGNORE=''
    [[ ${HISTSIZE-} == 0 ]] && HISTSIZE=500
    [[ ${HISTFILE+x} && $__drec_hf ]] && builtin unset HISTFILE
    # something ran before the hook in this prompt cycle: status and PIPESTATUS may not be the line's
    [[ ${PROMPT_COMMAND+x} && ${PROMPT_COMMAND%%[$'\n';]*} != __drec_precmd ]] && __drec_late=1
    if [[ ${PROMPT_COMMAND%%$'\n'*} != __drec_precmd ]] || { (( __drec_pca )) && [[ ${PROMPT_COMMAND[99]-} == __drec_guard ]]; }; then
        __drec_install
    fi
    [[ ${PS0-} == *"$__drec_ps0"* ]] || PS0=$__drec_ps0${PS0-}
    [[ -e $__drec_spool ]] || __drec_ensure_dir
    # remember the good state (not while the hook had to turn options off: those must be checked every time)
    if [[ -z $__drec_so && $BASHOPTS == *cmdhist*lithist*promptvars* && $BASHOPTS != *nocasematch* && ${PS0-} == *"$__drec_ps0"* ]]; then
        __drec_good=()
        __drec_good[x$-$BASHOPTS${PS0-}]=1
    fi
    return 0
}

# PROMPT_COMMAND element 0: takes $? and PIPESTATUS before anything else, and gives $? back to later elements.
# Deliberately short: bash copies a function's whole body on every call and spends microseconds on each expansion,
# and this runs after every command line. Anything unusual goes to __drec_fix or __drec_slow.
__drec_precmd() {
    __drec_st=$? __drec_ps="${PIPESTATUS[*]}" __drec_t1=${EPOCHREALTIME-}
    # a repeat call in the same prompt cycle (the guard, or a user element that calls us too), or an empty line
    [[ $__drec_ps0n == "$__drec_seen" && ${HISTCMD-} == "$__drec_hc" ]] && return $__drec_st
    # one lookup vouches for $-, BASHOPTS and PS0 as __drec_fix last found them good; cheap tests for the rest
    [[ ${__drec_good[x$-$BASHOPTS${PS0-}]-} && -o history && -z ${HISTCONTROL-}${HISTIGNORE-}${HISTFILE+$__drec_hf} &&
        ${HISTSIZE-} != 0 && $IFS == $' \t\n' && ${PROMPT_COMMAND%%$'\n'*} == __drec_precmd && -e $__drec_spool ]] ||
        __drec_fix
    if [[ -z ${HISTTIMEFORMAT-} ]] && { builtin history 1; builtin printf '\0'; builtin export -p; } >| "$__drec_tmp"; then
        builtin mapfile -d '' __drec_parts < "$__drec_tmp"
    else
        __drec_read
    fi
    # `history 1` prints "%5d%c %s\n" (%c: * when edited); the fast path takes numbers below 100000 by position
    __drec_hn=${__drec_parts[0]::5}
    __drec_h=${__drec_parts[0]:7:-1}
    if [[ $__drec_ps0n == $(( __drec_seen + 1 )) && $(( __drec_hn )) != "$__drec_last" && ${__drec_parts[0]:5:1} == [\ *] &&
        $__drec_rt$__drec_first$__drec_late == 10 && ${__drec_expk[x${__drec_parts[1]}]-} && ! ${__drec_eds[x${__drec_h%% *}]-} &&
        $__drec_h != /* ]]; then
        # the plain case: one line ran, it is in history, the environment is unchanged, no editor
        builtin printf "$__drec_fmt" $(( ++__drec_seq )) $(( __drec_hn )) "$__drec_st" "$__drec_ps" "${__drec_t0s/[.,]/}" \
            "${__drec_t1/[.,]/}" "$__drec_pwd" "$PWD" "$__drec_h" >> "$__drec_spool"
    else
        __drec_slow
    fi
    (( __drec_seq > __drec_acked )) && __drec_wait_ack
    __drec_last=$(( __drec_hn )) __drec_seen=$__drec_ps0n __drec_t0s='' __drec_pwd=$PWD __drec_hc=${HISTCMD-}
    [[ $__drec_so ]] && __drec_opts_on
    return $__drec_st
}

# drec acknowledges each command record once it has taken that command's container diff: the prompt waits for it
# (2 s at most), so the next command's changes cannot mix into this one's. The FIFO is opened once, read-write, so
# opening never blocks, and a drec that went away costs only the time-out. Without the FIFO (the hook used outside
# drec record) there is nothing to wait for.
__drec_ackfd=
__drec_acked=0
if (( __drec_local )); then
    # outside containers there is no drec to wait for: the records become trace lines here (drec-trace.bash)
    __drec_wait_ack() {
        __drec_acked=$__drec_seq
        __drec_local_flush
    }
else
    __drec_wait_ack() {
        local __a
        __drec_acked=$__drec_seq
        [[ -p $__drec_dir/ack ]] || return 0
        [[ $__drec_ackfd ]] || { builtin exec {__drec_ackfd}<>"$__drec_dir/ack"; } 2>/dev/null || return 0
        builtin read -r -t 2 -u "$__drec_ackfd" __a 2>/dev/null
        return 0
    }
fi

# bash >= 5.1: PS0 sets PROMPT_COMMAND[99] to this when element 0 is no longer __drec_precmd (`PROMPT_COMMAND=...`
# replaces element 0 only; unset removes all). Records the line (late) and puts the hook back.
__drec_guard() {
    local __st=$?
    [[ $__drec_ps0n == "$__drec_seen" && ${HISTCMD-} == "$__drec_hc" ]] && return $__st
    __drec_ret $__st
    __drec_precmd
}

__drec_ret() {
    return "$1"
}

# EXIT trap: the line that ended the shell (exit, logout) never came back to a prompt; then the exit record.
__drec_on_exit() {
    local __st=$?
    # a subshell or a forked child (pipeline member, command not found) is not the session's shell ending
    [[ ${BASHPID-$$} == "$$" ]] || return "$__st"
    builtin set +euax
    (( __drec_ps0n > __drec_seen )) && { __drec_ret "$__st"; __drec_precmd; }
    __drec_now
    builtin printf '%s\0' kind=exit "status=$__st" "t=$__drec_t" "pid=$$" '' >> "$__drec_spool" 2>/dev/null
    [[ -e $__drec_tmp ]] && command rm -f -- "$__drec_tmp" 2>/dev/null
    (( __drec_local )) && __drec_local_end
    if [[ $__drec_uexit ]]; then
        builtin eval "$__drec_uexit"
    fi
}

# Nested interactive shells (`bash`, `su [-] [user]`, `sudo -i`/`-s`, `sudo su [-]`) start with this rc too, so the
# commands typed in them are recorded, as the user they run as. Any other use of these commands is left alone.
# (Outside containers there is no rc file to start them with: a nested bash that evals the hook is a session of its own.)
if (( ! __drec_local )); then
bash() {
    if (( $# == 0 )) && [[ -t 0 ]]; then command bash --rcfile "$__drec_dir/rc" -i; else command bash "$@"; fi
}
su() {
    local __l= __u=root
    [[ -t 0 ]] || { command su "$@"; return; }
    case $#:${1-}:${2-} in
        0::) ;;
        1:-:|1:-l:|1:--login:) __l=- ;;
        1:-*) command su "$@"; return ;;
        1:*) __u=$1 ;;
        2:-:*|2:-l:*|2:--login:*) __l=- __u=$2 ;;
        *) command su "$@"; return ;;
    esac
    # --session-command (unlike -c) keeps the terminal as the controlling one, so job control still works
    command su $__l "$__u" -s /bin/bash --session-command "exec bash --rcfile '$__drec_dir/rc' -i"
}
sudo() {
    [[ -t 0 ]] || { command sudo "$@"; return; }
    case $*:$# in
        -i:1|-s:1) command sudo "$1" bash --rcfile "$__drec_dir/rc" -i ;;
        su:1|"su -":2) command sudo -i bash --rcfile "$__drec_dir/rc" -i ;;
        *) command sudo "$@" ;;
    esac
}
fi

# ---- start-up: ~/.bashrc first, the hooks last ----
(( __drec_ea )) && shopt -s expand_aliases
unset __drec_ea
# outside containers the hook is itself sourced from ~/.bashrc
(( __drec_local )) || { [[ -r ~/.bashrc ]] && . ~/.bashrc; }

__drec_o=$-
builtin set +euax
builtin shopt -u nocasematch
__drec_ensure_dir
# (no `set -o history` here: bash turns history on after the start-up files; on now, our own lines would be saved)
builtin shopt -s cmdhist lithist promptvars
HISTCONTROL='' HISTIGNORE=''
[[ ${HISTSIZE-} == 0 ]] && HISTSIZE=500
# the history file is read for up-arrow but never written: nothing lands in the container (outside containers bash
# reads and writes it as usual)
if [[ $__drec_hf ]]; then
    [[ ${HISTFILE-} && -r $HISTFILE ]] && builtin history -r "$HISTFILE"
    builtin unset HISTFILE
fi

__drec_u='\u'
__drec_user=${__drec_u@P}
__drec_fix1=("uid=$UID" "euid=$EUID" "user=$__drec_user")
__drec_fix2=("shlvl=${SHLVL-}" "pid=$$")
# printf format of the plain kind=cmd record: the constant fields are part of it (cheaper than arguments)
__drec_n=${__drec_user//\\/\\\\}
__drec_n=${__drec_n//%/%%}
__drec_fmt="kind=cmd\\0seq=%s\\0hist=%s\\0ran=1\\0status=%s\\0pipestatus=%s\\0t0=%s\\0t1=%s\\0uid=$UID\\0euid=$EUID\\0"
__drec_fmt+="user=$__drec_n\\0pwd_before=%s\\0pwd=%s\\0shlvl=${SHLVL//[!0-9]/}\\0pid=$$\\0cmd=%s\\0\\0"
__drec_um=$(builtin umask)
if (( ! __drec_rt )); then
    builtin printf -v __drec_t '%(%s)T' -1
    __drec_sb=$(( __drec_t - SECONDS ))
fi
__drec_now
__drec_f=(kind=start format=1 "session=$__drec_sid" "bash=$BASH_VERSION" "uid=$UID" "euid=$EUID" "user=$__drec_user"
    "pwd=$PWD" "shlvl=${SHLVL-}" "pid=$$" "umask=$__drec_um" "t=$__drec_t")
__drec_names=()
builtin compgen -e 2>/dev/null >| "$__drec_tmp" && builtin mapfile -t __drec_names < "$__drec_tmp"
for __drec_n in "${__drec_names[@]}"; do
    [[ $__drec_n == __drec_* || -z ${!__drec_n+x} ]] && continue
    __drec_f+=("env=$__drec_n=${!__drec_n}")
    case $__drec_n in
        _|PWD|OLDPWD|SHLVL|LINES|COLUMNS|HISTCONTROL|HISTIGNORE|HISTFILE) ;;
        *) __drec_env[$__drec_n]=${!__drec_n} ;;
    esac
done
builtin printf '%s\0' "${__drec_f[@]}" '' >> "$__drec_spool"
__drec_read
__drec_expk[x${__drec_parts[1]-}]=1
unset __drec_u __drec_um __drec_n __drec_names

# keep an EXIT trap that ~/.bashrc set: ours runs first, then its code
__drec_uexit=$(builtin trap -p EXIT)
if [[ $__drec_uexit == "trap -- "*" EXIT" ]]; then
    __drec_uexit=${__drec_uexit#trap -- }
    builtin eval "__drec_uexit=${__drec_uexit% EXIT}"
else
    __drec_uexit=''
fi
builtin trap __drec_on_exit EXIT
__drec_install
if [[ $__drec_o == *[euax]* ]]; then
    [[ $__drec_o == *e* ]] && builtin set -e
    [[ $__drec_o == *u* ]] && builtin set -u
    [[ $__drec_o == *a* ]] && builtin set -a
    [[ $__drec_o == *x* ]] && builtin set -x
fi
unset __drec_o
