# shellcheck shell=bash
# What submit.sh and submit-sections.sh share (sourced).
die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac }
# The comment at the top of the script, as its --help.
help_text() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
# common_opt ARGS...: the options both scripts take: -h/--help, and sbatch's
# --partition P, --time T, --cpus C, --sbatch-option=OPT (added to SB); TAKE
# receives the words used. Anything else is bad usage.
# shellcheck disable=SC2034 # SB and TAKE are the caller's
common_opt() {
  case $1 in
    -h | --help) help_text; exit 0 ;;
    --partition) SB+=("--partition=${2:?--partition needs a value}"); TAKE=2 ;;
    --time) SB+=("--time=${2:?--time needs a value}"); TAKE=2 ;;
    --cpus) SB+=("--cpus-per-task=${2:?--cpus needs a value}"); TAKE=2 ;;
    --sbatch-option=*) SB+=("${1#--sbatch-option=}"); TAKE=1 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
}
# tool NAME FALLBACK: NAME on PATH, else FALLBACK (this tree's build).
tool() { command -v "$1" || echo "$2"; }
