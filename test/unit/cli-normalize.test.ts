// cac's quirks folded once: option values read back verbatim from argv.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rawValue, rawValues } from '../../src/cli/normalize.ts';

describe('cac normalization', () => {
  it('reads values verbatim, repeated or not', () => {
    const argv = ['env', '--target', 'a.2.17', '--format=json', '--target', 'b', '--zig-version', '0.10', '--', '--target', 'c'];
    assert.deepEqual(rawValues(argv, 'target'), ['a.2.17', 'b']);
    assert.equal(rawValue(argv, 'format'), 'json');
    assert.equal(rawValue(argv, 'zig-version'), '0.10');
    assert.equal(rawValue(argv, 'missing'), undefined);
  });
});
