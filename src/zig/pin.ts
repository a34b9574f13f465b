// The Zig releases tszig is built and tested against: the default pin and the tested range.

/** The one place the default Zig version is pinned. See docs/zig-pin.md for how to bump it. */
export const PINNED_ZIG_VERSION = '0.17.1';

/**
 * Every Zig release the test suite runs on, oldest first (the pin runs the whole suite, the others
 * the version matrix). tszig works with these; others get a warning (see checkZigVersion).
 */
export const TESTED_ZIG_VERSIONS = ['0.14.1', '0.15.2', '0.16.0', '0.17.1'] as const;

/** Zig older than this lacks what tszig relies on (`-target` glibc suffixes as tszig writes them, zig ar/ranlib/dlltool, response files): an error, not a warning. */
export const OLDEST_WORKING_ZIG = '0.13.0';
