// Asking the rustc cargo will use: a bare name is looked up in PATH's absolute entries only, and a
// rustc that is missing or fails is an E_RUSTC error with a hint (the real rustc: test/e2e).

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rustcInfo } from '../../src/cargo/toolchain.ts';
import { TszigError } from '../../src/errors.ts';

const rustcError = (message: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof TszigError && e.code === 'E_RUSTC', String(e));
  assert.match(e.message, message);
  assert.ok(e.hint);
  return true;
};

describe('rustcInfo', () => {
  it('reads sysroot and host from a rustc', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'tszig-rustc-'));
    writeFileSync(join(bin, 'rustc'), '#!/bin/sh\nprintf "/sys/root\\nx86_64-unknown-linux-gnu\\n"\n');
    chmodSync(join(bin, 'rustc'), 0o755);
    assert.deepEqual(await rustcInfo('rustc', { PATH: bin }, bin), { rustc: 'rustc', sysroot: '/sys/root', host: 'x86_64-unknown-linux-gnu' });
  });

  it('a rustc that is not on PATH, or only in the working directory, is E_RUSTC', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tszig-rustc-cwd-'));
    writeFileSync(join(cwd, 'rustc'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(cwd, 'rustc'), 0o755);
    await assert.rejects(rustcInfo('rustc', { PATH: ':.' }, cwd), rustcError(/^cannot run rustc: not on PATH$/));
  });

  it('a rustc that fails is E_RUSTC', async () => {
    await assert.rejects(rustcInfo('/bin/false', { PATH: '/usr/bin:/bin' }, tmpdir()), rustcError(/^cannot run \/bin\/false: /));
  });
});
