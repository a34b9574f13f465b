// The newest glibc each tested Zig bundles (`zig targets`, checked against the real zigs by
// test/matrix/zig-facts.test.ts); a zig in use reports its own, this table is for `tszig targets`.

import type { TESTED_ZIG_VERSIONS } from './pin.js';

export const GLIBC_CEILINGS: Readonly<Record<(typeof TESTED_ZIG_VERSIONS)[number], string>> = {
  '0.14.1': '2.41',
  '0.15.2': '2.42',
  '0.16.0': '2.43',
  '0.17.1': '2.44',
};
