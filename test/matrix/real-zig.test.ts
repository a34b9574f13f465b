// The real-zig shim tests (test/support/real-zig-suite.ts) on every tested zig other than the pin;
// every target's C through sh shims (launchers per target: the pin's run).

import { realZigSuite } from '../support/real-zig-suite.ts';
import { matrixZigs } from '../support/zig-versions.ts';

for (const zig of matrixZigs()) realZigSuite(zig, { launcherPerTarget: false });
