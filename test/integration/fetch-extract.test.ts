// Unpacking tar streams with tszig's own writer, as a sysroot does: several archives into one root
// sharing one checked tree, absolute links rebased under the root, gzip and xz.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, lstatSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decompressed } from '../../src/fetch/decompress.ts';
import { ArchiveTree } from '../../src/fetch/tar-entries.ts';
import { extractTar } from '../../src/fetch/tar-extract.ts';
import { tarBytes, type TarEntry } from '../support/zig-server.ts';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'tszig-untar-'));

function archive(entries: TarEntry[], kind: 'gz' | 'xz'): string {
  const file = join(fresh(), `data.tar.${kind}`);
  const tar = tarBytes(entries);
  writeFileSync(file, kind === 'gz' ? gzipSync(tar) : execFileSync('xz', ['-c', '-1'], { input: tar }));
  return file;
}

describe('a sysroot from several archives', () => {
  it('rebases absolute links, keeps the layout, and knows the links earlier archives made', async () => {
    const root = fresh();
    const tree = new ArchiveTree({ absoluteLinks: 'rebase' });
    const libc = archive([{ name: './', type: 'dir' }, { name: './usr/lib/x86_64-linux-gnu/', type: 'dir' }, { name: './usr/lib/x86_64-linux-gnu/libz.so.1', data: 'ELF' }, { name: './lib', type: 'symlink', link: 'usr/lib' }], 'xz');
    const dev = archive([{ name: './lib/x86_64-linux-gnu/libz.so', type: 'symlink', link: '/usr/lib/x86_64-linux-gnu/libz.so.1' }, { name: './usr/include/zlib.h', data: '#define Z 1\n', mode: 0o666 }], 'gz');
    await extractTar(await decompressed(libc), root, { tree });
    const entries = await extractTar(await decompressed(dev), root, { tree });
    tree.finish();
    assert.equal(entries[0]?.realPath, 'usr/lib/x86_64-linux-gnu/libz.so', 'written through the link the first archive made');
    assert.equal(readlinkSync(join(root, 'usr/lib/x86_64-linux-gnu/libz.so')), 'libz.so.1');
    assert.equal(realpathSync(join(root, 'lib/x86_64-linux-gnu/libz.so')), realpathSync(join(root, 'usr/lib/x86_64-linux-gnu/libz.so.1')));
    assert.equal(readFileSync(join(root, 'usr/include/zlib.h'), 'utf8'), '#define Z 1\n');
    assert.equal((statSync(join(root, 'usr/include/zlib.h')).mode & 0o777).toString(8), '644');
    assert.ok(lstatSync(join(root, 'lib')).isSymbolicLink());
  });

  it('refuses a link the next archive turns into an escape', async () => {
    const root = fresh();
    const tree = new ArchiveTree({ absoluteLinks: 'rebase' });
    await extractTar(await decompressed(archive([{ name: './a', type: 'symlink', link: 'b/..' }], 'gz')), root, { tree });
    await extractTar(await decompressed(archive([{ name: './b', type: 'symlink', link: '.' }], 'gz')), root, { tree });
    assert.throws(() => tree.finish(), /archive entry "a" links outside the archive \(b\/\.\.: goes above the root\)/);
  });

  it('reads compressed streams as well as files', async () => {
    for (const kind of ['xz', 'gz'] as const) {
      const file = archive([{ name: './usr/', type: 'dir' }, { name: './usr/x', data: kind }], kind);
      const root = fresh();
      await extractTar(await decompressed(createReadStream(file), kind), root);
      assert.equal(readFileSync(join(root, 'usr/x'), 'utf8'), kind);
    }
  });

  it('a corrupt stream is an ArchiveError, not a crash', async () => {
    const file = join(fresh(), 'data.tar.xz');
    writeFileSync(file, 'not xz at all');
    await assert.rejects(extractTar(await decompressed(file), fresh()), /could not decompress/);
    await assert.rejects(extractTar(await decompressed(createReadStream(file), 'xz'), fresh()), /could not decompress the xz stream/);
  });
});
