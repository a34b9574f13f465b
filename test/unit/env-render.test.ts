// The env renderers: each format's quoting, and what a format cannot express.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderEnv, renderUnset } from '../../src/env/render.ts';

describe('env renderers', () => {
  const entries = [
    { name: 'CC_x', value: '/p/zigcc' },
    { name: 'AR_x', value: "/it's a $dir/`x` #1 \\" },
  ];
  it('sh', () => {
    assert.equal(renderEnv(entries, 'sh'), 'export CC_x=/p/zigcc\nexport AR_x="/it\'s a \\$dir/\\`x\\` #1 \\\\"\n');
    assert.equal(renderUnset(['CC_x'], 'sh'), 'unset CC_x\n');
  });
  it('json', () => {
    assert.deepEqual(JSON.parse(renderEnv(entries, 'json')), { CC_x: '/p/zigcc', AR_x: "/it's a $dir/`x` #1 \\" });
  });
  it('powershell (pwsh is not in Debian: the quoting is checked here)', () => {
    assert.equal(renderEnv(entries, 'powershell'), "$env:CC_x = '/p/zigcc'\n$env:AR_x = '/it''s a $dir/`x` #1 \\'\n");
    assert.equal(renderUnset(['CC_x'], 'powershell'), 'Remove-Item -ErrorAction SilentlyContinue Env:CC_x\n');
  });
  it('github: one line each, heredoc syntax for a value with a newline', () => {
    assert.equal(renderEnv([{ name: 'A', value: 'x y' }], 'github'), 'A=x y\n');
    assert.match(renderEnv([{ name: 'B', value: 'l1\nl2' }], 'github'), /^B<<(TSZIG_EOF_[0-9a-f]{16})\nl1\nl2\n\1\n$/);
  });
  it('make refuses a newline it cannot express', () => {
    assert.throws(() => renderEnv([{ name: 'A', value: 'a\nb' }], 'make'), /cannot hold a newline/);
  });
});
