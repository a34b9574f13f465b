// Unpacking .debs into one sysroot (src/sysroot/deb-extract.ts) with hand-made packages: Debian's
// layout and absolute links, every data.tar compression, links that escape only through what an
// earlier entry or an earlier package made, and modes normalised.

import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RefusedPackageError, unpackDebs, type DebFile } from '../../src/sysroot/deb-extract.ts';
import { debBytes, type DebCompression, type DebSpec } from '../support/deb-package.ts';
import type { TarEntry } from '../support/zig-server.ts';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'tszig-deb-'));
const MA = 'aarch64-linux-gnu';

function deb(name: string, entries: TarEntry[], compression: DebCompression = 'xz'): DebFile {
  const spec: DebSpec = { name, arch: 'arm64', entries, compression };
  const path = join(fresh(), `${name}_1.0_arm64.deb`);
  writeFileSync(path, debBytes(spec));
  return { path, label: `${name}_1.0_arm64.deb` };
}

const dirs = (...names: string[]): TarEntry[] => names.map((name) => ({ name, type: 'dir' }));

/** `usr/lib/` followed by `d/` n times: the same directory when `usr/lib/d -> .` */
const deep = (n: number): string => `./usr/lib/${'d/'.repeat(n)}`;
/** A link at `deep(n)e` whose target climbs n + 2 levels: exactly to the root as written, far above it once d is a link. */
const climber = (n: number): TarEntry => ({ name: `${deep(n)}e`, type: 'symlink', link: Array(n + 2).fill('..').join('/') });

function refused(what: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof RefusedPackageError && e.code === 'E_ARCHIVE' && what.test(e.message) && /stay inside the sysroot/.test(e.hint ?? '');
}

describe('a sysroot from .debs', () => {
  it("keeps Debian's layout and turns absolute links into links inside, for every data.tar compression", async () => {
    const root = join(fresh(), 'root');
    const lib = deb('zlib1g', [...dirs('./', './lib/', `./lib/${MA}/`), { name: `./lib/${MA}/libz.so.1.2.13`, data: 'ELF', mode: 0o644 }, { name: `./lib/${MA}/libz.so.1`, type: 'symlink', link: 'libz.so.1.2.13' }], 'zst');
    const dev = deb('zlib1g-dev', [...dirs('./', './usr/', './usr/lib/', `./usr/lib/${MA}/`, './usr/include/'), { name: `./usr/lib/${MA}/libz.so`, type: 'symlink', link: `/lib/${MA}/libz.so.1.2.13` }, { name: './usr/include/zlib.h', data: '#define Z\n' }], 'gz');
    const pc = deb('zlib1g-pc', [...dirs('./', './usr/', './usr/lib/', `./usr/lib/${MA}/`, `./usr/lib/${MA}/pkgconfig/`), { name: `./usr/lib/${MA}/pkgconfig/zlib.pc`, data: 'Name: zlib\n' }], 'none');
    const doc = deb('zlib1g-doc', [...dirs('./', './usr/', './usr/share/', './usr/share/doc/'), { name: './usr/share/doc/zlib1g-dev', type: 'symlink', link: 'zlib1g' }], 'xz');
    await unpackDebs([lib, dev, pc, doc], root, process.env);
    assert.equal(readlinkSync(join(root, `usr/lib/${MA}/libz.so`)), `../../../lib/${MA}/libz.so.1.2.13`);
    assert.equal(realpathSync(join(root, `usr/lib/${MA}/libz.so`)), realpathSync(join(root, `lib/${MA}/libz.so.1.2.13`)));
    assert.equal(readFileSync(join(root, `usr/lib/${MA}/libz.so`), 'utf8'), 'ELF');
    assert.equal(readFileSync(join(root, `usr/lib/${MA}/pkgconfig/zlib.pc`), 'utf8'), 'Name: zlib\n');
    assert.equal(readFileSync(join(root, 'usr/include/zlib.h'), 'utf8'), '#define Z\n');
    assert.equal(readlinkSync(join(root, 'usr/share/doc/zlib1g-dev')), 'zlib1g');
  });

  it('refuses a symlink chain that leaves the sysroot, and writes nothing outside it', async () => {
    const outside = fresh();
    const root = join(fresh(), 'root');
    const n = 30;
    // Each entry passes a lexical check (no `..` in a path; each link's target, joined to the
    // link's path as written, stays below the root). Through `d -> .` they reach `/`, then `outside`.
    const evil = deb('libevil', [...dirs('./', './usr/', './usr/lib/'), { name: './usr/lib/d', type: 'symlink', link: '.' }, climber(n), { name: `${deep(n)}e${outside}/pwned`, type: 'symlink', link: 'x' }]);
    await assert.rejects(unpackDebs([evil], root, process.env), refused(/^libevil_1\.0_arm64\.deb: archive entry "\.\/usr\/lib\/(d\/){30}e" links outside the archive \(\.\.(\/\.\.){31}: goes above the root\)$/));
    assert.deepEqual(readdirSync(outside), []);
    assert.ok(lstatSync(join(root, 'usr/lib/d')).isSymbolicLink());
    assert.throws(() => lstatSync(join(root, 'usr/lib/e')), /ENOENT/, 'the escaping link was never made');
  });

  it("refuses a link that escapes only through another package's link: the packages share one checked tree", async () => {
    const n = 8;
    const linker = deb('liblinker', [...dirs('./', './usr/', './usr/lib/'), { name: './usr/lib/d', type: 'symlink', link: '.' }]);
    const user = deb('libuser', [...dirs('./', './usr/', './usr/lib/'), climber(n)]);
    // Each one alone is harmless: without d being a link, e climbs exactly to the root.
    await unpackDebs([linker], join(fresh(), 'root'), process.env);
    const alone = join(fresh(), 'root');
    await unpackDebs([user], alone, process.env);
    assert.equal(realpathSync(join(alone, `${deep(n)}e`)), realpathSync(alone));
    const root = join(fresh(), 'root');
    await assert.rejects(unpackDebs([linker, user], root, process.env), refused(/^libuser_1\.0_arm64\.deb: archive entry "\.\/usr\/lib\/(d\/){8}e" links outside the archive/));
    assert.throws(() => lstatSync(join(root, 'usr/lib/e')), /ENOENT/);

    // A link to the root itself is allowed; a later package's link that climbs from there is not.
    const up = deb('libup', [...dirs('./', './usr/', './usr/lib/'), { name: './usr/lib/up', type: 'symlink', link: '../..' }]);
    const climb = deb('libclimb', [...dirs('./', './usr/', './usr/lib/', './usr/lib/up/', './usr/lib/up/usr/', './usr/lib/up/usr/lib/'), { name: './usr/lib/up/usr/lib/up/x', type: 'symlink', link: '../../../..' }]);
    await assert.rejects(unpackDebs([up, climb], join(fresh(), 'root'), process.env), refused(/^libclimb_1\.0_arm64\.deb: archive entry "\.\/usr\/lib\/up\/usr\/lib\/up\/x" links outside/));
  });

  it('refuses a link made harmful by a later package (checked again once all are unpacked)', async () => {
    const a = deb('liba', [...dirs('./', './usr/'), { name: './usr/a', type: 'symlink', link: 'b/../..' }]);
    const b = deb('libb', [...dirs('./', './usr/'), { name: './usr/b', type: 'symlink', link: '.' }]);
    await assert.rejects(unpackDebs([a, b], join(fresh(), 'root'), process.env), refused(/^liba_1\.0_arm64\.deb, libb_1\.0_arm64\.deb unpacked together: archive entry "usr\/a" links outside the archive/));
  });

  it('normalises modes: no setuid, setgid or sticky bit, nothing group- or world-writable', async () => {
    const root = join(fresh(), 'root');
    const pkg = deb('libmodes', [
      ...dirs('./', './usr/', './usr/bin/'),
      { name: './usr/bin/su', data: 'x', mode: 0o4755 },
      { name: './usr/bin/sg', data: 'x', mode: 0o2755 },
      { name: './usr/bin/anyone', data: 'x', mode: 0o777 },
      { name: './usr/share/', type: 'dir', mode: 0o1777 },
      { name: './usr/share/open', data: 'x', mode: 0o666 },
      { name: './usr/share/locked', data: 'x', mode: 0o400 },
      { name: './usr/group/', type: 'dir', mode: 0o775 },
    ]);
    await unpackDebs([pkg], root, process.env);
    const mode = (p: string): string => (statSync(join(root, p)).mode & 0o7777).toString(8);
    assert.deepEqual(
      ['usr/bin/su', 'usr/bin/sg', 'usr/bin/anyone', 'usr/share', 'usr/share/open', 'usr/share/locked', 'usr/group'].map((p) => [p, mode(p)]),
      [
        ['usr/bin/su', '755'],
        ['usr/bin/sg', '755'],
        ['usr/bin/anyone', '755'],
        ['usr/share', '755'],
        ['usr/share/open', '644'],
        ['usr/share/locked', '600'],
        ['usr/group', '755'],
      ],
    );
  });

  it("a later package's file or link replaces an earlier file without touching its hard links", async () => {
    const root = join(fresh(), 'root');
    const a = deb('liba', [...dirs('./', './usr/'), { name: './usr/f', data: 'a' }, { name: './usr/g', type: 'hardlink', link: './usr/f' }, { name: './usr/h', data: 'h' }]);
    const b = deb('libb', [...dirs('./', './usr/'), { name: './usr/g', data: 'b' }, { name: './usr/h', type: 'symlink', link: 'f' }]);
    await unpackDebs([a, b], root, process.env);
    assert.equal(readFileSync(join(root, 'usr/f'), 'utf8'), 'a');
    assert.equal(readFileSync(join(root, 'usr/g'), 'utf8'), 'b');
    assert.equal(readlinkSync(join(root, 'usr/h')), 'f');
  });

  it('refuses what is not a Debian package, or holds no data.tar it can read', async () => {
    const bad = (bytes: Buffer): DebFile => {
      const path = join(fresh(), 'bad.deb');
      writeFileSync(path, bytes);
      return { path, label: 'bad.deb' };
    };
    await assert.rejects(unpackDebs([bad(Buffer.from('PK\u0003\u0004'))], fresh(), process.env), /bad\.deb is not an ar archive/);
    const good = debBytes({ name: 'x', arch: 'arm64', entries: dirs('./') });
    await assert.rejects(unpackDebs([bad(Buffer.from(good.toString('latin1').replace('data.tar.xz', 'data.tar.bz'), 'latin1'))], fresh(), process.env), /bad\.deb holds data\.tar\.bz, which tszig cannot unpack/);
    await assert.rejects(unpackDebs([bad(Buffer.from(good.toString('latin1').replace('2.0\n', '9.9\n'), 'latin1'))], fresh(), process.env), /bad\.deb is not a Debian binary package/);
    const devices = deb('libdev', [...dirs('./', './dev/'), { name: './dev/null', type: 'chardev' }]);
    await assert.rejects(unpackDebs([devices], fresh(), process.env), refused(/archive entry "\.\/dev\/null" is a CharacterDevice, which is never unpacked/));
  });
});
