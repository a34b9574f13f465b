// PATH and WINEPATH: tszig's entries go first, once, however often `tszig env` is evaluated, and
// exactly those come out again on --unset.

import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
import { describe, it } from 'node:test';
import { prependedValues, withoutPrepended, type Prepend } from '../../src/env/path-list.ts';

const p = (...dirs: string[]): string => dirs.join(delimiter);
const ours: Prepend[] = [
  { name: 'PATH', entries: ['/t/a'] },
  { name: 'PATH', entries: ['/t/b', '/t/a'] },
  { name: 'WINEPATH', entries: ['/t/dll'] },
];

describe('prependedValues', () => {
  it("puts tszig's entries first, once, and keeps the user's in order", () => {
    assert.deepEqual(prependedValues(ours, { PATH: p('/usr/bin', '/bin'), WINEPATH: 'C:\\x' }), [
      { name: 'PATH', value: p('/t/a', '/t/b', '/usr/bin', '/bin') },
      { name: 'WINEPATH', value: '/t/dll;C:\\x' },
    ]);
  });

  it('is idempotent: applied to its own result it changes nothing', () => {
    const env = { PATH: p('/usr/bin', '/bin'), WINEPATH: 'C:\\x' };
    const once = Object.fromEntries(prependedValues(ours, env).map((e) => [e.name, e.value]));
    assert.deepEqual(prependedValues(ours, once), prependedValues(ours, env));
    // No empty entry (the working directory) when there was no PATH at all.
    assert.deepEqual(prependedValues(ours, {})[0], { name: 'PATH', value: p('/t/a', '/t/b') });
  });
});

describe('withoutPrepended', () => {
  it("takes out tszig's entries only; an emptied WINEPATH is unset, PATH never", () => {
    const env = { PATH: p('/t/a', '/t/b', '/usr/bin', '/t/a'), WINEPATH: '/t/dll' };
    assert.deepEqual(withoutPrepended(ours, env), [
      { name: 'PATH', value: '/usr/bin' },
      { name: 'WINEPATH', value: undefined },
    ]);
    assert.deepEqual(withoutPrepended(ours, { PATH: '/usr/bin', WINEPATH: '/t/dll;C:\\x' }), [{ name: 'WINEPATH', value: 'C:\\x' }]);
  });
});
