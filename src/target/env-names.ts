// Environment variable names for a target, as cc-rs, cmake-rs and cargo spell them.

/** cc-rs's `CC_<target>` suffix: `-` and `.` become `_` (aarch64_unknown_linux_gnu). */
export function targetSuffix(rust: string): string {
  return rust.replace(/[-.]/g, '_');
}

/** cargo's config-env key for `target.<triple>`: upper case, `-` and `.` as `_`. */
export function cargoTargetKey(rust: string): string {
  return targetSuffix(rust).toUpperCase();
}
