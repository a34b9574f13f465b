// The Zig release tszig is built and tested against.

/** The one place the default Zig version is pinned. See docs/zig-pin.md for how to bump it. */
export const PINNED_ZIG_VERSION = '0.15.2';
