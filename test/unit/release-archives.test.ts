// The release writers: tar, gzip, zip and SHA256SUMS give the same bytes for the same entries,
// in any input order, and read back (with the tar and yauzl packages) as written.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import yauzl from 'yauzl';
import { normalizeEntries, type ArchiveEntry } from '../../src/release/entries.ts';
import { gzip } from '../../src/release/gzip.ts';
import { parseSha256Sums, renderSha256Sums, sha256Hex } from '../../src/release/sha256sums.ts';
import { tar } from '../../src/release/tar.ts';
import { dosDateTime, zip } from '../../src/release/zip.ts';
import { archiveEntries, archiveName, archiveStem } from '../../src/release/archives.ts';

const EPOCH = 1_700_000_000;
const entries: ArchiveEntry[] = [
  { path: 'app-1.0-linux_arm64/bin/app', type: 'file', mode: 0o755, data: Buffer.from('#!/bin/sh\necho app\n') },
  { path: 'app-1.0-linux_arm64/README', type: 'file', mode: 0o644, data: Buffer.from('read me\n') },
  { path: 'app-1.0-linux_arm64/empty', type: 'file', mode: 0o600, data: Buffer.alloc(0) },
];

interface Listed {
  path: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  data: string;
}

function listTar(bytes: Buffer): Promise<Listed[]> {
  return new Promise((resolve, reject) => {
    const out: Listed[] = [];
    const p = new Parser({
      strict: true,
      onReadEntry: (e: ReadEntry) => {
        const chunks: Buffer[] = [];
        e.on('data', (c: Buffer) => chunks.push(c));
        e.on('end', () =>
          out.push({
            path: e.path,
            type: e.type,
            mode: e.mode ?? -1,
            uid: e.uid ?? -1,
            gid: e.gid ?? -1,
            uname: e.uname ?? '',
            gname: e.gname ?? '',
            mtime: (e.mtime?.getTime() ?? 0) / 1000,
            data: Buffer.concat(chunks).toString(),
          }),
        );
      },
    });
    p.on('error', reject);
    p.on('end', () => resolve(out));
    p.end(bytes);
  });
}

function listZip(bytes: Buffer): Promise<{ name: string; mode: number; date: Date; data: string }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: true }, (err, zf) => {
      if (err || !zf) return reject(err ?? new Error('no zip'));
      const out: { name: string; mode: number; date: Date; data: string }[] = [];
      zf.on('entry', (e: yauzl.Entry) => {
        zf.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2 ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.push({ name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o177777, date: e.getLastModDate(), data: Buffer.concat(chunks).toString() });
            zf.readEntry();
          });
        });
      });
      zf.on('end', () => resolve(out));
      zf.readEntry();
    });
  });
}

describe('normalizeEntries', () => {
  it('adds parent directories and sorts by path bytes', () => {
    assert.deepEqual(
      normalizeEntries([
        { path: 'a/b/c', type: 'file', mode: 0o644 },
        { path: 'a-b', type: 'file', mode: 0o644 },
      ]).map((e) => `${e.type} ${e.path}`),
      ['dir a', 'file a-b', 'dir a/b', 'file a/b/c'],
    );
  });

  it('refuses paths that are not plainly relative, and duplicates', () => {
    for (const bad of ['', '/abs', 'a/../b', './a', 'a//b', 'a\\b']) {
      assert.throws(() => normalizeEntries([{ path: bad, type: 'file', mode: 0o644 }]), /not a relative archive path/, bad);
    }
    assert.throws(() => normalizeEntries([...entries, entries[0] as ArchiveEntry]), /given twice/);
    assert.throws(() => normalizeEntries([{ path: 'x', type: 'file', mode: 0o644 }, { path: 'x/y', type: 'file', mode: 0o644 }]), /both a file and a directory/);
  });
});

describe('tar', () => {
  it('is the same bytes for the same entries in any order', () => {
    assert.ok(tar(entries, { mtime: EPOCH }).equals(tar([...entries].reverse(), { mtime: EPOCH })));
    assert.ok(!tar(entries, { mtime: EPOCH }).equals(tar(entries, { mtime: EPOCH + 1 })));
  });

  it('reads back with owner 0, no names, one mtime, the modes given', async () => {
    const listed = await listTar(tar(entries, { mtime: EPOCH }));
    assert.deepEqual(
      listed.map((e) => [e.path, e.type, e.mode.toString(8), e.uid, e.gid, e.uname, e.gname, e.mtime]),
      [
        ['app-1.0-linux_arm64/', 'Directory', '755', 0, 0, '', '', EPOCH],
        ['app-1.0-linux_arm64/README', 'File', '644', 0, 0, '', '', EPOCH],
        ['app-1.0-linux_arm64/bin/', 'Directory', '755', 0, 0, '', '', EPOCH],
        ['app-1.0-linux_arm64/bin/app', 'File', '755', 0, 0, '', '', EPOCH],
        ['app-1.0-linux_arm64/empty', 'File', '600', 0, 0, '', '', EPOCH],
      ],
    );
    assert.equal(listed.find((e) => e.path.endsWith('/app'))?.data, '#!/bin/sh\necho app\n');
  });

  it('keeps long and non-ASCII paths (ustar prefix, else a pax header)', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(90)}`;
    const longer = `${'x'.repeat(160)}/${'y'.repeat(120)}`;
    const unicode = 'dir/héllo wörld ✓';
    const listed = await listTar(tar([long, longer, unicode].map((path) => ({ path, type: 'file', mode: 0o644, data: Buffer.from(path) })), { mtime: 0 }));
    const files = listed.filter((e) => e.type === 'File');
    assert.deepEqual(files.map((e) => e.path).sort(), [long, longer, unicode].sort());
    for (const f of files) assert.equal(f.data, f.path);
  });

  it('is a multiple of 512 bytes and ends in two zero blocks', () => {
    const t = tar(entries, { mtime: 0 });
    assert.equal(t.length % 512, 0);
    assert.ok(t.subarray(-1024).equals(Buffer.alloc(1024)));
  });
});

describe('gzip', () => {
  it('has a fixed header (no name, mtime 0, OS unknown) and round-trips', () => {
    const data = tar(entries, { mtime: EPOCH });
    const z = gzip(data);
    assert.deepEqual([...z.subarray(0, 10)], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
    assert.ok(gunzipSync(z).equals(data));
    assert.ok(gzip(data).equals(z));
  });
});

describe('zip', () => {
  it('clamps times to what DOS dates hold and reads them as UTC', () => {
    assert.deepEqual(dosDateTime(0), dosDateTime(Date.UTC(1980, 0, 1) / 1000));
    const t = dosDateTime(Date.UTC(2024, 1, 29, 13, 45, 31) / 1000);
    assert.equal(t.date, ((2024 - 1980) << 9) | (2 << 5) | 29);
    assert.equal(t.time, (13 << 11) | (45 << 5) | 15);
  });

  it('is the same bytes in any order and reads back with modes, dates and content', async () => {
    const z = zip(entries, { mtime: EPOCH });
    assert.ok(z.equals(zip([...entries].reverse(), { mtime: EPOCH })));
    const listed = await listZip(z);
    assert.deepEqual(
      listed.map((e) => [e.name, e.mode.toString(8)]),
      [
        ['app-1.0-linux_arm64/', '40755'],
        ['app-1.0-linux_arm64/README', '100644'],
        ['app-1.0-linux_arm64/bin/', '40755'],
        ['app-1.0-linux_arm64/bin/app', '100755'],
        ['app-1.0-linux_arm64/empty', '100600'],
      ],
    );
    assert.equal(listed.find((e) => e.name.endsWith('/app'))?.data, '#!/bin/sh\necho app\n');
    const d = listed[0]?.date as Date;
    // yauzl reads DOS times as local time; compare the fields.
    assert.deepEqual([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()], [2023, 10, 14, 22, 13]);
  });
});

describe('SHA256SUMS', () => {
  const a = sha256Hex('a');
  const b = sha256Hex('b');
  it('is "<hex>  <path>" sorted by path, as sha256sum -c reads it', () => {
    assert.equal(renderSha256Sums([{ path: 'z/x', sha256: a }, { path: 'a.tar.gz', sha256: b }]), `${b}  a.tar.gz\n${a}  z/x\n`);
  });

  it('escapes backslashes and line breaks the way GNU coreutils does, and parses back', () => {
    const text = renderSha256Sums([{ path: 'we\\ird\nname', sha256: a }]);
    assert.equal(text, `\\${a}  we\\\\ird\\nname\n`);
    assert.deepEqual(parseSha256Sums(text), [{ path: 'we\\ird\nname', sha256: a }]);
  });

  it('refuses a path listed twice or a malformed hash', () => {
    assert.throws(() => renderSha256Sums([{ path: 'x', sha256: a }, { path: 'x', sha256: b }]), /listed twice/);
    assert.throws(() => renderSha256Sums([{ path: 'x', sha256: 'abc' }]), /not a SHA-256/);
  });
});

describe('release archives', () => {
  it('are named <crate>-<version>-<platform>, zip for Windows only', () => {
    const stem = archiveStem('hello-cc', '0.1.0', 'linux_arm_v7');
    assert.equal(archiveName(stem, 'linux'), 'hello-cc-0.1.0-linux_arm_v7.tar.gz');
    assert.equal(archiveName('x-1-windows_amd64', 'windows'), 'x-1-windows_amd64.zip');
    assert.equal(archiveName('x-1-darwin_universal', 'macos'), 'x-1-darwin_universal.tar.gz');
  });

  it('hold one directory named like the archive; executables and shared libraries get 0755 whatever the umask', () => {
    const files = [
      { name: 'app', path: '/t/app', kind: 'bin' as const },
      { name: 'libapp.so', path: '/t/libapp.so', kind: 'lib' as const },
      { name: 'libapp.a', path: '/t/libapp.a', kind: 'other' as const },
    ];
    const got = archiveEntries('app-1-linux_amd64', files, (p) => Buffer.from(p));
    assert.deepEqual(
      got.map((e) => [e.path, e.mode.toString(8), e.data?.toString()]),
      [
        ['app-1-linux_amd64/app', '755', '/t/app'],
        ['app-1-linux_amd64/libapp.so', '755', '/t/libapp.so'],
        ['app-1-linux_amd64/libapp.a', '644', '/t/libapp.a'],
      ],
    );
  });
});
