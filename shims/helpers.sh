# Helper functions used by CPU rules. The generator keeps only the ones a target needs; each
# section starts with a "## helper: NAME" line. `@NAME@` is replaced by a quoted constant of the
# target (HelperConstants in src/shims/rules.ts).
#
# Every helper is linear in the length of its argument: strings are split with IFS (the shim runs
# with `set -f`, so fields are never globbed) and joined with "$*" or the string builder below,
# never cut apart one match at a time (`${x#*-}` in a loop copies the rest of the string on every
# step) nor grown by `x="$x$y"` in a loop (which copies x every time). Each one leaves IFS unset,
# as the shim expects it.

## helper: sb
# A string built from pieces: tszig_sb_add appends $1, tszig_sb_end sets tszig_sb to the whole.
# Pieces gather in chunks of 64 held in variables, joined by one `eval` at the end.
tszig_sb_start() {
  tszig_sb=
  tszig_sb_n=0
  tszig_sb_k=0
  tszig_sb_refs=
}

tszig_sb_add() {
  tszig_sb="$tszig_sb$1"
  tszig_sb_n=$((tszig_sb_n + 1))
  if [ "$tszig_sb_n" -ge 64 ]; then
    tszig_sb_k=$((tszig_sb_k + 1))
    eval "tszig_sbc$tszig_sb_k=\$tszig_sb"
    tszig_sb_refs="$tszig_sb_refs\$tszig_sbc$tszig_sb_k"
    tszig_sb=
    tszig_sb_n=0
  fi
}

tszig_sb_end() {
  eval "tszig_sb=\"$tszig_sb_refs\$tszig_sb\""
}

## helper: tr
# Sets tszig_tr_out to $1 with every character $2 replaced by $3 (one character, or none).
tszig_tr() {
  case $1 in
  *"$2"*) ;;
  *)
    tszig_tr_out=$1
    return 0
    ;;
  esac
  tszig_tr_to=$3
  IFS=$2
  # The separator added at the end ends the last field, so a trailing one is kept ("a-" → "a_").
  # shellcheck disable=SC2086
  set -- $1$2
  IFS=$tszig_tr_to
  tszig_tr_out="$*"
  unset IFS
}

## helper: cpu_base
# Sets tszig_cpu to zig's spelling of the LLVM CPU name $1 (dashes become underscores for names
# LLVM spells with dashes; zig's own `name-feature` syntax is left alone).
tszig_cpu_base() {
  tszig_cpu=$1
  case $tszig_cpu in
  # @DASHED_CPU_ARMS@
  esac
}

## helper: cpu_name
# -mcpu=/-march= with an LLVM CPU name ($1) becomes zig's spelling: x86-64-v3 → x86_64_v3,
# power9 → pwr9, cortex-a7 → cortex_a7.
tszig_cpu_name() {
  tszig_cpu_base "${1#*=}"
  case $tszig_cpu in
  power[0-9]*) tszig_cpu=pwr${tszig_cpu#power} ;;
  powerpc64le) tszig_cpu=ppc64le ;;
  powerpc64) tszig_cpu=ppc64 ;;
  esac
  tszig_emit "${1%%=*}=$tszig_cpu"
}

## helper: aarch64_features
# Sets tszig_feat to zig's spelling of GCC/LLVM aarch64 extensions, one per argument ("crc"
# "nofp16" → "+crc-fullfp16"): `noX` becomes `-X`, renamed extensions get zig's names, `none` and
# empty elements (`crc++aes`) are dropped.
tszig_aarch64_features() {
  tszig_sb_start
  for tszig_e do
    case $tszig_e in '' | none) continue ;; esac
    tszig_sign=+
    case $tszig_e in no?*) tszig_sign=- tszig_e=${tszig_e#no} ;; esac
    case $tszig_e in
    # @AARCH64_FEATURE_ARMS@
    esac
    tszig_tr "$tszig_e" - _
    tszig_sb_add "$tszig_sign$tszig_tr_out"
  done
  tszig_sb_end
  tszig_feat=$tszig_sb
}

## helper: aarch64_cpu
# -mcpu=/-march= with an aarch64 CPU and extensions ($1, e.g. -mcpu=cortex-a53+crypto+nofp16).
tszig_aarch64_cpu() {
  tszig_flag=${1%%=*}
  IFS=+
  # shellcheck disable=SC2086
  set -- ${1#*=}
  unset IFS
  tszig_cpu_base "${1-}"
  [ "$#" -eq 0 ] || shift
  tszig_aarch64_features "$@"
  tszig_emit "$tszig_flag=$tszig_cpu$tszig_feat"
}

## helper: aarch64_march
# GCC -march=armv8.2-a+crc ($1) becomes -mcpu=<baseline>+v8_2a+crc, and the assembler keeps the
# original -march, since zig's assembler only enables crypto instructions through it.
tszig_aarch64_march() {
  tszig_arg=$1
  IFS=+
  # shellcheck disable=SC2086
  set -- ${1#-march=armv}
  unset IFS
  tszig_tr "${1-}" - ''
  tszig_tr "$tszig_tr_out" . _
  tszig_v=$tszig_tr_out
  [ "$#" -eq 0 ] || shift
  tszig_aarch64_features "$@"
  tszig_base=@AARCH64_BASE@
  tszig_emit "-mcpu=$tszig_base+v$tszig_v$tszig_feat"
  tszig_emit -Xassembler
  tszig_emit "$tszig_arg"
}

## helper: riscv_ext
# Parts of a RISC-V ISA string, added to the string builder as zig features. What zig's features cannot
# say fails the call with a message: for a configure check, an honest "no".
tszig_riscv_fail() {
  printf 'tszig: cannot map %s to zig CPU features: %s\n' "$tszig_march" "$1" >&2
  exit 1
}

# Removes trailing digits from tszig_t (at most @VERSION_DIGITS@) and counts them in tszig_j.
tszig_riscv_digits() {
  tszig_j=0
  while :; do
    case $tszig_t in *[0-9]) ;; *) return 0 ;; esac
    tszig_j=$((tszig_j + 1))
    [ "$tszig_j" -le @VERSION_DIGITS@ ] || tszig_riscv_fail 'a version number has too many digits'
    tszig_t=${tszig_t%?}
  done
}

# A multi-letter extension (tszig_t: zba, zvl256b, zicsr2p0) without its version.
tszig_riscv_multi() {
  case $tszig_t in *[!a-z0-9]*) tszig_riscv_fail "extension names are lower-case letters and digits: $tszig_t" ;; esac
  tszig_riscv_digits
  if [ "$tszig_j" -gt 0 ]; then
    case $tszig_t in
    *[0-9]p)
      tszig_t=${tszig_t%p}
      tszig_riscv_digits
      ;;
    esac
  fi
  tszig_sb_add "+$tszig_t"
}

# Single-letter extensions (tszig_t: imafdc, i2p1, gcv), each with an optional version; a z, s or x
# starts a multi-letter extension that takes the rest.
tszig_riscv_letters() {
  [ "${#tszig_t}" -le @LETTER_RUN@ ] || tszig_riscv_fail 'a run of single-letter extensions is longer than @LETTER_RUN@ characters'
  while [ -n "$tszig_t" ]; do
    case $tszig_t in
    [zsx]*)
      tszig_riscv_multi
      return 0
      ;;
    [a-z]*) ;;
    *) tszig_riscv_fail "an extension starts with a lower-case letter: $tszig_t" ;;
    esac
    tszig_rest=${tszig_t#?}
    tszig_c=${tszig_t%"$tszig_rest"}
    tszig_t=$tszig_rest
    case $tszig_c in
    # @RISCV_EXPANSION_ARMS@
    *) tszig_sb_add "+$tszig_c" ;;
    esac
    # A version: digits, then `p` and digits (`2p1`); a `p` after no digits, or before none, is
    # the P extension.
    tszig_riscv_lead
    if [ "$tszig_j" -gt 0 ]; then
      case $tszig_t in
      p[0-9]*)
        tszig_t=${tszig_t#p}
        tszig_riscv_lead
        ;;
      esac
    fi
  done
}

# Removes leading digits from tszig_t (at most @VERSION_DIGITS@) and counts them in tszig_j.
tszig_riscv_lead() {
  tszig_j=0
  while :; do
    case $tszig_t in [0-9]*) ;; *) return 0 ;; esac
    tszig_j=$((tszig_j + 1))
    [ "$tszig_j" -le @VERSION_DIGITS@ ] || tszig_riscv_fail 'a version number has too many digits'
    tszig_t=${tszig_t#?}
  done
}

## helper: riscv_march
# GCC -march=rv64gcv_zba ($1) becomes -mcpu=<baseline>+i+m+a+f+d+zicsr+zifencei+c+v+zba.
tszig_riscv_march() {
  tszig_march=$1
  case $1 in
  -march=rv64*) ;;
  *) tszig_riscv_fail 'the target is 64-bit RISC-V, so the ISA string starts with rv64' ;;
  esac
  tszig_sb_start
  IFS=_
  # shellcheck disable=SC2086
  set -- ${1#-march=rv64}
  unset IFS
  case ${1-} in
  [ieg]*) ;;
  *) tszig_riscv_fail 'the base ISA (i, e or g) follows rv64' ;;
  esac
  for tszig_t do
    case $tszig_t in
    '') ;;
    [zsx]*) tszig_riscv_multi ;;
    *) tszig_riscv_letters ;;
    esac
  done
  tszig_sb_end
  tszig_base=@RISCV_BASE@
  tszig_emit "-mcpu=$tszig_base$tszig_sb"
}

## helper: arm_fpu
# -mfpu=neon ($1) becomes -mcpu=<the baseline without its FPU>+neon, which zig takes last; values
# zig has no equivalent for pass unchanged.
tszig_arm_fpu() {
  case ${1#-mfpu=} in
  # @ARM_FPU_ARMS@
  *) tszig_emit "$1" ;;
  esac
}

## helper: stdin_lang
# A bare `-` ($1) is the source on stdin unless it is an option's operand (`-o -`): without a -x
# anywhere in the call it gets one, so that zig reads stdin itself.
tszig_stdin_lang() {
  case $tszig_lang:$tszig_prev in
  1:* | :-o | :-MF | :-MT | :-MQ | :-X*) tszig_emit "$1" ;;
  *)
    tszig_emit -x
    tszig_emit "$tszig_stdin_lang"
    tszig_emit "$1"
    ;;
  esac
}

## helper: link_check
# Without a macOS SDK: a -framework flag or an -l<name> of a library tszig has no stub for ($1)
# passes on unchanged, and the whole call is checked before zig runs (tszig_check_links).
tszig_check=
# Set through eval below.
tszig_lc_m='' tszig_lc_d='' tszig_lc_x='' tszig_lc_y=''
tszig_link_check() {
  tszig_check=1
  tszig_emit "$1"
}

# Appends $2 to the list $1 (fdir, ldir, fw, lib, said): tszig_lc_<list>_<i>, counted by tszig_lc_n_<list>.
tszig_lc_add() {
  eval "tszig_lc_i=\${tszig_lc_n_$1:-0}"
  tszig_lc_i=$((tszig_lc_i + 1))
  eval "tszig_lc_n_$1=$tszig_lc_i tszig_lc_$1_$tszig_lc_i=\$2"
}

# Notes one argument of the final call: -F and -L directories, frameworks, libraries to check.
tszig_lc_note() {
  case $tszig_lc_want in
  ?*)
    tszig_lc_add "$tszig_lc_want" "$1"
    tszig_lc_want=
    return 0
    ;;
  esac
  case $1 in
  -F) tszig_lc_want=fdir ;;
  -F*) tszig_lc_add fdir "${1#-F}" ;;
  -L) tszig_lc_want=ldir ;;
  -L*) tszig_lc_add ldir "${1#-L}" ;;
  -framework | -weak_framework | -needed_framework) tszig_lc_want=fw ;;
  -Wl,-framework,* | -Wl,-weak_framework,* | -Wl,-needed_framework,*) tszig_lc_add fw "${1#-Wl,*,}" ;;
  # @LINK_CHECK_LIBS@
  esac
}

# Sets tszig_lc_u to the response-file line $1 without its escapes: rustc escapes \ and space, so a
# \ takes the next character as it is, and a \ that ends the line goes. The line is split at every
# \ (linear in its length) and put together again: a field after an escaping \ is taken whole (its
# first character is the escaped one); an empty one means the next \ is the escaped character.
tszig_lc_unescape() {
  case $1 in
  *\\*) ;;
  *)
    tszig_lc_u=$1
    return 0
    ;;
  esac
  tszig_lc_bs=\\
  IFS=$tszig_lc_bs
  # The \ added at the end ends the last field, so an empty last field is kept.
  # shellcheck disable=SC2086
  set -- $1$tszig_lc_bs
  unset IFS
  tszig_sb_start
  tszig_sb_add "$1"
  shift
  tszig_lc_esc=1
  tszig_lc_left=$#
  for tszig_lc_f do
    tszig_lc_left=$((tszig_lc_left - 1))
    if [ -n "$tszig_lc_esc" ] && [ -z "$tszig_lc_f" ]; then
      [ "$tszig_lc_left" -eq 0 ] || tszig_sb_add "$tszig_lc_bs"
      tszig_lc_esc=
    else
      tszig_sb_add "$tszig_lc_f"
      tszig_lc_esc=1
    fi
  done
  tszig_sb_end
  tszig_lc_u=$tszig_sb
}

# Succeeds when one of the directories in list $1 holds one of the files named $2, $3, …
tszig_lc_found() {
  tszig_lc_list=$1
  shift
  eval "tszig_lc_m=\${tszig_lc_n_$tszig_lc_list:-0}"
  tszig_lc_j=1
  while [ "$tszig_lc_j" -le "$tszig_lc_m" ]; do
    eval "tszig_lc_d=\$tszig_lc_${tszig_lc_list}_$tszig_lc_j"
    for tszig_lc_f do
      [ -e "$tszig_lc_d/$tszig_lc_f" ] && return 0
    done
    tszig_lc_j=$((tszig_lc_j + 1))
  done
  return 1
}

# Succeeds when $1 was reported before (a framework or library named twice is reported once). Only
# missing ones are noted, so a call whose frameworks are all found stays linear in its length. The
# string of reported names is a quick test; a name may hold `/`, so a match found there can span
# two names, and is confirmed against each reported name.
tszig_lc_said() {
  case "$tszig_lc_seen" in
  *"/$1/"*)
    tszig_lc_s=1
    while [ "$tszig_lc_s" -le "${tszig_lc_n_said:-0}" ]; do
      eval "tszig_lc_y=\$tszig_lc_said_$tszig_lc_s"
      [ "$tszig_lc_y" = "$1" ] && return 0
      tszig_lc_s=$((tszig_lc_s + 1))
    done
    ;;
  esac
  tszig_lc_seen="$tszig_lc_seen/$1/"
  tszig_lc_add said "$1"
  return 1
}

# The call's frameworks must be in its -F directories, and its libraries without a stub in its -L
# directories (rustc's response file included); otherwise the call fails here, saying what to do.
tszig_check_links() {
  tszig_lc_want=
  for tszig_lc_a do
    case $tszig_lc_a in
    @*linker-arguments.tszig)
      [ -r "${tszig_lc_a#@}" ] || continue
      while IFS= read -r tszig_lc_l || [ -n "$tszig_lc_l" ]; do
        tszig_lc_unescape "$tszig_lc_l"
        tszig_lc_note "$tszig_lc_u"
      done <"${tszig_lc_a#@}"
      ;;
    *) tszig_lc_note "$tszig_lc_a" ;;
    esac
  done
  tszig_lc_bad=
  tszig_lc_seen=
  tszig_lc_k=1
  while [ "$tszig_lc_k" -le "${tszig_lc_n_fw:-0}" ]; do
    eval "tszig_lc_x=\$tszig_lc_fw_$tszig_lc_k"
    if ! tszig_lc_found fdir "$tszig_lc_x.framework" && ! tszig_lc_said "framework $tszig_lc_x"; then
      printf 'tszig: cannot link framework %s for %s: zig brings no macOS frameworks, and no -F directory of this call has it\n' "$tszig_lc_x" @LINK_TARGET@ >&2
      tszig_lc_bad=1
    fi
    tszig_lc_k=$((tszig_lc_k + 1))
  done
  tszig_lc_k=1
  while [ "$tszig_lc_k" -le "${tszig_lc_n_lib:-0}" ]; do
    eval "tszig_lc_x=\$tszig_lc_lib_$tszig_lc_k"
    if ! tszig_lc_found ldir "lib$tszig_lc_x.tbd" "lib$tszig_lc_x.dylib" "lib$tszig_lc_x.a" "lib$tszig_lc_x.so" && ! tszig_lc_said "lib $tszig_lc_x"; then
      printf 'tszig: cannot link -l%s for %s: macOS has lib%s, but tszig has no stub for it, and no -L directory of this call has it\n' "$tszig_lc_x" @LINK_TARGET@ "$tszig_lc_x" >&2
      tszig_lc_bad=1
    fi
    tszig_lc_k=$((tszig_lc_k + 1))
  done
  if [ -n "$tszig_lc_bad" ]; then
    printf 'tszig: hint: set SDKROOT to a macOS SDK (or sdk = "<path>" under [target.%s] in tszig.toml)\n' @LINK_TARGET@ >&2
    exit 1
  fi
}
