# Rewrites rustc's response file ($1, one argument per line, `\` and space escaped) into a copy
# next to it with the same rules as argv, and sets tszig_out to the copy. rustc's file is never
# changed; the copy lives in rustc's own temporary directory, which rustc removes.
tszig_rsp() {
  tszig_out="$1.tszig"
  # A missing file (or a directory) fails here, before the shell's own message about it.
  if [ ! -f "$1" ]; then
    printf 'tszig: cannot rewrite linker response file %s: not a file\n' "$1" >&2
    exit 1
  fi
  tszig_mode=rsp
  while IFS= read -r a || [ -n "$a" ]; do
    if [ -n "$tszig_join" ]; then
      [ -n "$tszig_jdrop" ] || printf '%s\n' "$tszig_join${a#"$tszig_jstrip"}"
      tszig_join=
      continue
    fi
    # The same rules as the argv arms further down (reasons are given there).
    case $a in
    # @RSP_ARMS@
    *) printf '%s\n' "$a" ;;
    esac
  done <"$1" >"$tszig_out" || {
    printf 'tszig: cannot rewrite linker response file %s\n' "$1" >&2
    exit 1
  }
  tszig_mode=argv
}
