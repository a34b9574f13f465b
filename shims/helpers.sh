# Helper functions used by CPU rules. The generator keeps only the ones a target needs; each
# section starts with a "## helper: NAME" line.

## helper: tr
# Sets tszig_tr_out to $1 with every occurrence of the character $2 replaced by $3.
tszig_tr() {
  tszig_tr_out=
  tszig_tr_in=$1
  while :; do
    case $tszig_tr_in in
    *"$2"*)
      tszig_tr_out="$tszig_tr_out${tszig_tr_in%%"$2"*}$3"
      tszig_tr_in=${tszig_tr_in#*"$2"}
      ;;
    *)
      tszig_tr_out="$tszig_tr_out$tszig_tr_in"
      return 0
      ;;
    esac
  done
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
# Sets tszig_feat to zig's spelling of a GCC/LLVM aarch64 extension list $1 ("+crc+nofp16"):
# `+noX` becomes `-X`, renamed extensions get zig's names, `+none` is dropped.
tszig_aarch64_features() {
  tszig_feat=
  tszig_rest=${1#+}
  while [ -n "$tszig_rest" ]; do
    tszig_e=${tszig_rest%%+*}
    case $tszig_rest in *+*) tszig_rest=${tszig_rest#*+} ;; *) tszig_rest= ;; esac
    [ "$tszig_e" = none ] && continue
    tszig_sign=+
    case $tszig_e in no?*) tszig_sign=- tszig_e=${tszig_e#no} ;; esac
    case $tszig_e in
    # @AARCH64_FEATURE_ARMS@
    esac
    tszig_tr "$tszig_e" - _
    tszig_feat="$tszig_feat$tszig_sign$tszig_tr_out"
  done
}

## helper: aarch64_cpu
# -mcpu=/-march= with an aarch64 CPU and extensions ($1, e.g. -mcpu=cortex-a53+crypto+nofp16).
tszig_aarch64_cpu() {
  tszig_c=${1#*=}
  tszig_x=
  case $tszig_c in *+*) tszig_x=${tszig_c#*+} tszig_c=${tszig_c%%+*} ;; esac
  tszig_cpu_base "$tszig_c"
  tszig_aarch64_features "$tszig_x"
  tszig_emit "${1%%=*}=$tszig_cpu$tszig_feat"
}

## helper: aarch64_march
# GCC -march=armv8.2-a+crc ($1) becomes -mcpu=generic+v8_2a+crc, and the assembler keeps the
# original -march, since zig's assembler only enables crypto instructions through it.
tszig_aarch64_march() {
  tszig_c=${1#-march=armv}
  tszig_x=
  case $tszig_c in *+*) tszig_x=${tszig_c#*+} tszig_c=${tszig_c%%+*} ;; esac
  tszig_tr "$tszig_c" - ''
  tszig_tr "$tszig_tr_out" . _
  tszig_v=$tszig_tr_out
  tszig_aarch64_features "$tszig_x"
  tszig_emit "-mcpu=generic+v$tszig_v$tszig_feat"
  tszig_emit -Xassembler
  tszig_emit "$1"
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
