// The generated shims against the real pinned zig (the other tested versions: test/matrix/).

import { realZigSuite } from '../support/real-zig-suite.ts';
import { testZigOf } from '../support/zig-versions.ts';
import { PINNED_ZIG_VERSION } from '../../src/zig/pin.ts';

realZigSuite(testZigOf(PINNED_ZIG_VERSION));
