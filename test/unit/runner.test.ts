// Which runner a target gets on a host: decided from files on PATH and Debian's cross sysroots,
// both laid out here in a temp dir (the real emulators run in the end-to-end tests).

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planRunner, type Host } from '../../src/env/runner.ts';
import { findTarget, type TargetSpec } from '../../src/target/table.ts';

const linux: Host = { platform: 'linux', arch: 'x86_64' };
const spec = (rust: string): TargetSpec => findTarget(rust) as TargetSpec;

function machine(programs: readonly string[], dirs: readonly string[] = []): { env: { PATH: string }; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'tszig-runner-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  for (const p of programs) {
    writeFileSync(join(bin, p), '#!/bin/sh\n');
    chmodSync(join(bin, p), 0o755);
  }
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  return { env: { PATH: bin }, root };
}

describe('planRunner', () => {
  it('native for the host architecture, qemu with Debian sysroot for foreign glibc', async () => {
    const m = machine(['qemu-aarch64'], ['aarch64-linux-gnu/lib']);
    assert.deepEqual(await planRunner(spec('x86_64-unknown-linux-gnu'), m.env, linux, m.root), { kind: 'native' });
    assert.deepEqual(await planRunner(spec('aarch64-unknown-linux-gnu'), m.env, linux, m.root), {
      kind: 'runner',
      command: `${join(m.root, 'bin', 'qemu-aarch64')} -L ${join(m.root, 'aarch64-linux-gnu')}`,
    });
  });

  it('qemu without -L for static musl; ARMv6 on an ARM1176', async () => {
    const m = machine(['qemu-aarch64', 'qemu-arm']);
    assert.equal((await planRunner(spec('aarch64-unknown-linux-musl'), m.env, linux, m.root)).kind, 'runner');
    assert.deepEqual(await planRunner(spec('arm-unknown-linux-musleabihf'), m.env, linux, m.root), { kind: 'runner', command: `${join(m.root, 'bin', 'qemu-arm')} -cpu arm1176` });
    assert.deepEqual(await planRunner(spec('armv7-unknown-linux-musleabihf'), m.env, linux, m.root), { kind: 'runner', command: join(m.root, 'bin', 'qemu-arm') });
  });

  it('says which package is missing: qemu-user, or the cross C library', async () => {
    const none = machine([]);
    const q = await planRunner(spec('riscv64gc-unknown-linux-gnu'), none.env, linux, none.root);
    assert.equal(q.kind, 'missing');
    assert.match(q.kind === 'missing' ? q.install : '', /apt-get install qemu-user libc6-riscv64-cross/);
    const noLibc = machine(['qemu-riscv64']);
    const l = await planRunner(spec('riscv64gc-unknown-linux-gnu'), noLibc.env, linux, noLibc.root);
    assert.match(l.kind === 'missing' ? `${l.why} / ${l.install}` : '', /riscv64 C library for qemu is not installed .* \/ apt-get install libc6-riscv64-cross/);
  });

  it('wine for Windows; 32-bit only with wine32; never for ARM64 Windows', async () => {
    const m = machine(['wine']);
    assert.deepEqual(await planRunner(spec('x86_64-pc-windows-gnu'), m.env, linux, m.root), { kind: 'runner', command: join(m.root, 'bin', 'wine') });
    const x86 = await planRunner(spec('i686-pc-windows-gnu'), m.env, linux, m.root);
    assert.match(x86.kind === 'missing' ? `${x86.why} / ${x86.install}` : '', /cannot run 32-bit programs \(no wine32\) \/ .*apt-get install wine32:i386/);
    const with32 = machine(['wine'], ['lib/i386-linux-gnu/wine/i386-unix']);
    assert.equal((await planRunner(spec('i686-pc-windows-gnu'), with32.env, linux, with32.root)).kind, 'runner');
    assert.equal((await planRunner(spec('aarch64-pc-windows-gnullvm'), m.env, linux, m.root)).kind, 'missing');
    assert.match(JSON.stringify(await planRunner(spec('x86_64-pc-windows-gnu'), machine([]).env, linux, m.root)), /apt-get install wine/);
  });

  it('macOS and FreeBSD programs do not run on Linux; macOS x86_64 runs on any Mac', async () => {
    const m = machine([]);
    assert.equal((await planRunner(spec('aarch64-apple-darwin'), m.env, linux, m.root)).kind, 'missing');
    assert.equal((await planRunner(spec('x86_64-unknown-freebsd'), m.env, linux, m.root)).kind, 'missing');
    assert.deepEqual(await planRunner(spec('x86_64-apple-darwin'), m.env, { platform: 'darwin', arch: 'aarch64' }, m.root), { kind: 'native' });
  });
});
