// Unpacking hand-made hostile archives with the real tar and xz (and node-tar where there is none):
// links that escape through a chain of links, and modes that must not survive (setuid, world-writable).

import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { extractArchive } from '../../src/zig/extract.ts';
import { writeTarXz, type TarEntry } from '../support/zig-server.ts';

const top = 'zig-x86_64-linux-0.0.1';
const fresh = (): string => mkdtempSync(join(tmpdir(), 'tszig-extract-'));

function archive(entries: TarEntry[]): string {
  const file = join(fresh(), `${top}.tar.xz`);
  writeTarXz(file, [{ name: `${top}/`, type: 'dir' }, { name: `${top}/zig`, data: 'zig\n', mode: 0o755 }, ...entries]);
  return file;
}

/** Every path under `root`, with what each symlink finally points at. */
function walk(root: string, out: { path: string; mode: number; link?: string }[] = [], at = root): typeof out {
  for (const name of readdirSync(at)) {
    const p = join(at, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) {
      const target = resolve(dirname(p), readlinkSync(p));
      let real = target;
      try {
        real = realpathSync(p);
      } catch {
        // dangling
      }
      out.push({ path: relative(root, p), mode: st.mode, link: real });
    } else {
      out.push({ path: relative(root, p), mode: st.mode });
      if (st.isDirectory()) walk(root, out, p);
    }
  }
  return out;
}

function assertNoLinkEscapes(dest: string): void {
  for (const e of walk(dest)) {
    if (e.link !== undefined) assert.ok(!relative(join(dest, top), e.link).startsWith('..'), `${e.path} resolves to ${e.link}, outside the install`);
  }
}

for (const unpacker of ['system', 'node'] as const) {
describe(`${unpacker} unpacker: links checked against the tree they build`, () => {
  it('refuses a chain (d -> ., then d/d/d/x -> ../../../out) that resolves outside', async () => {
    const file = archive([
      { name: `${top}/d`, type: 'symlink', link: '.' },
      { name: `${top}/d/d/d/x`, type: 'symlink', link: '../../../outside' },
    ]);
    const dest = fresh();
    await assert.rejects(extractArchive(file, dest, top, { unpacker }), /archive entry "zig-x86_64-linux-0\.0\.1\/d\/d\/d\/x" links outside the archive/);
    assertNoLinkEscapes(dest);
  });

  it('unpacks links that stay inside, through a linked directory too', async () => {
    const file = archive([
      { name: `${top}/lib/`, type: 'dir' },
      { name: `${top}/lib/real.h`, data: 'h' },
      { name: `${top}/include`, type: 'symlink', link: 'lib' },
      { name: `${top}/include/alias.h`, type: 'symlink', link: 'real.h' },
      { name: `${top}/hard.h`, type: 'hardlink', link: `${top}/lib/real.h` },
    ]);
    const dest = fresh();
    const root = await extractArchive(file, dest, top, { unpacker });
    assert.equal(readFileSync(join(root, 'include', 'alias.h'), 'utf8'), 'h');
    assert.equal(readlinkSync(join(root, 'lib', 'alias.h')), 'real.h');
    assert.equal(lstatSync(join(root, 'hard.h')).ino, lstatSync(join(root, 'lib', 'real.h')).ino);
    assertNoLinkEscapes(dest);
  });

  it('refuses device files before writing anything', async () => {
    const dest = fresh();
    await assert.rejects(extractArchive(archive([{ name: `${top}/null`, type: 'chardev' }]), dest, top, { unpacker }), /is a CharacterDevice, which is never unpacked/);
    assert.deepEqual(unpacker === 'system' ? readdirSync(dest) : [], []);
  });
});

describe(`${unpacker} unpacker: modes`, () => {
  it('setuid, setgid, sticky and group/other write do not survive, even as root', async () => {
    const file = archive([
      { name: `${top}/suid`, data: 'x', mode: 0o4755 },
      { name: `${top}/sgid`, data: 'x', mode: 0o2755 },
      { name: `${top}/open`, data: 'x', mode: 0o777 },
      { name: `${top}/tmp/`, type: 'dir', mode: 0o1777 },
      { name: `${top}/tmp/f`, data: 'x', mode: 0o666 },
    ]);
    const dest = fresh();
    const root = await extractArchive(file, dest, top, { unpacker });
    const modes = Object.fromEntries(walk(root).map((e) => [e.path, (e.mode & 0o7777).toString(8)]));
    assert.deepEqual(modes, { zig: '755', suid: '755', sgid: '755', open: '755', tmp: '755', 'tmp/f': '644' });
  });
});
}
