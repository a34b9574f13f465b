// argv → options for `tszig cc|c++|ar|ranlib`: tszig's options before `--`, the tool's after it,
// anything else a usage error.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseToolArgv } from '../../src/cli/tool-argv.ts';
import { UsageError } from '../../src/errors.ts';

describe('parseToolArgv', () => {
  it("takes tszig's options before -- and passes everything after it verbatim", () => {
    assert.deepEqual(parseToolArgv('cc', ['cc', '--target', 'aarch64-unknown-linux-gnu.2.17', '--zig=/z/zig', '--', '-c', 'x.c', '--target', '-o', 'x.o']), {
      target: 'aarch64-unknown-linux-gnu.2.17',
      zig: '/z/zig',
      zigVersion: undefined,
      args: ['-c', 'x.c', '--target', '-o', 'x.o'],
    });
    assert.deepEqual(parseToolArgv('ar', ['--verbose', 'ar', '--zig-version', '0.10.0', '-v', '--target=x', '--']), { target: 'x', zig: undefined, zigVersion: '0.10.0', args: [] });
  });

  it('a tool argument before -- is a usage error that shows the fixed command', () => {
    assert.throws(
      () => parseToolArgv('cc', ['cc', '--target', 'aarch64-unknown-linux-gnu', '-c', 'x.c']),
      (e: unknown) => e instanceof UsageError && /"-c" is not a tszig option; the arguments for cc go after `--`/.test(e.message) && e.hint === 'e.g. tszig cc --target aarch64-unknown-linux-gnu -- -c x.c',
    );
    assert.throws(() => parseToolArgv('ranlib', ['ranlib', 'libx.a']), UsageError);
  });

  it('an option without its value is a usage error', () => {
    assert.throws(() => parseToolArgv('cc', ['cc', '--target']), (e: unknown) => e instanceof UsageError && /--target needs a value/.test(e.message));
    assert.throws(() => parseToolArgv('cc', ['cc', '--zig=', '--']), UsageError);
  });
});
