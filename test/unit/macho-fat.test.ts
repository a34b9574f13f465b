// Universal (fat) Mach-O files: what cannot be merged is a clear E_MACHO error, and a universal2
// merge without the builds it needs is E_UNIVERSAL2 (real merges: test/e2e/targets.test.ts).

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mergeUniversal2 } from '../../src/cargo/universal2.ts';
import { TszigError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { isFat, makeFat } from '../../src/macho/fat.ts';

/** The first bytes of a thin 64-bit Mach-O header for a CPU type. */
function thin(cputype: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeInt32LE(cputype, 4);
  return b;
}
const X86_64 = 0x01000007;
const ARM64 = 0x0100000c;

describe('makeFat', () => {
  it('joins two architectures into a universal file', () => {
    const fat = makeFat([thin(X86_64), thin(ARM64)]);
    assert.ok(isFat(fat));
    assert.equal(fat.readUInt32BE(4), 2);
  });

  it('refuses what is not Mach-O, and the same architecture twice', () => {
    const macho = (e: unknown): boolean => e instanceof TszigError && e.code === 'E_MACHO';
    assert.throws(() => makeFat([Buffer.from('#!/bin/sh\n'), thin(ARM64)]), (e: unknown) => macho(e) && /slice 1 is neither a Mach-O file/.test((e as Error).message));
    assert.throws(() => makeFat([thin(ARM64), thin(ARM64)]), (e: unknown) => macho(e) && /same architecture/.test((e as Error).message));
  });
});

describe('mergeUniversal2', () => {
  it('without the x86_64 build output is E_UNIVERSAL2, with a hint', async () => {
    const targetDir = mkdtempSync(join(tmpdir(), 'tszig-u2-'));
    await assert.rejects(mergeUniversal2({ profile: 'debug', targetDir }, '/no/cargo', targetDir, {}, silentLogger), (e: unknown) => {
      assert.ok(e instanceof TszigError && e.code === 'E_UNIVERSAL2', String(e));
      assert.match(e.message, /no x86_64-apple-darwin build output in /);
      assert.ok(e.hint);
      return true;
    });
  });
});
