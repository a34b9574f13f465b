// The archive entry check as a table: each case is an archive (entries in order) and what the check
// says about it. Links are resolved against the tree the earlier entries built.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArchiveError, ArchiveTree, normalMode, type CheckedEntry, type EntryRules, type RawEntry } from '../../src/fetch/tar-entries.ts';

const dir = (path: string, mode?: number): RawEntry => ({ path, type: 'Directory', mode });
const file = (path: string, mode?: number): RawEntry => ({ path, type: 'File', mode });
const sym = (path: string, linkpath: string): RawEntry => ({ path, type: 'SymbolicLink', linkpath });
const hard = (path: string, linkpath: string): RawEntry => ({ path, type: 'Link', linkpath });

function run(entries: RawEntry[], rules: EntryRules = {}): CheckedEntry[] {
  const tree = new ArchiveTree(rules);
  const out = entries.map((e) => tree.check(e));
  tree.finish();
  return out;
}

describe('links resolved against the tree', () => {
  const refused: [string, RawEntry[], RegExp][] = [
    ['a chain through a link to the directory itself', [dir('t/'), sym('t/d', '.'), sym('t/d/d/d/x', '../../../etc')], /"t\/d\/d\/d\/x" links outside the archive/],
    ['a link whose target goes up through a link', [dir('t/'), dir('t/a/b/'), sym('t/up', 'a/b'), sym('t/up/x', '../../..')], /"t\/up\/x" links outside/],
    ['an entry written through a link that leaves the top directory', [dir('t/'), sym('t/out', '..'), file('t/out/x')], /links outside the archive|outside the archive's top directory/],
    ['a link made harmless, then made harmful by a later link', [dir('t/'), sym('t/a', 'b/..'), sym('t/b', '.')], /"t\/a" links outside the archive/],
    ['a hard link to a link (it would mean something else where it lands)', [dir('t/'), dir('t/x/'), sym('t/x/l', '..'), hard('t/l2', 't/x/l')], /is a hard link to t\/x\/l, which is not a file/],
    ['a hard link to a directory', [dir('t/'), dir('t/x/'), hard('t/h', 't/x')], /not a file/],
    ['an entry that replaces an earlier link', [dir('t/'), sym('t/l', 'a'), dir('t/l/')], /replaces a symbolic link/],
    ['a file written inside a file', [dir('t/'), file('t/f'), file('t/f/x')], /inside a file|goes through the file/],
    ['a loop of links, followed', [dir('t/'), sym('t/a', 'b'), sym('t/b', 'a'), file('t/a/x')], /too many symbolic links/],
    ['an absolute link', [dir('t/'), sym('t/l', '/etc/passwd')], /links to an absolute path \/etc\/passwd/],
    ['a FIFO', [dir('t/'), { path: 't/p', type: 'FIFO' }], /is a FIFO, which is never unpacked/],
    ['a block device', [dir('t/'), { path: 't/b', type: 'BlockDevice' }], /is a BlockDevice/],
  ];
  for (const [what, entries, re] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(() => run(entries, { top: 't' }), (e: unknown) => e instanceof ArchiveError && re.test(e.message));
    });
  }

  it('accepts links that stay inside and says where entries under linked directories land', () => {
    const out = run([dir('t/'), dir('t/lib/'), sym('t/include', 'lib'), file('t/include/x.h'), sym('t/d', '.'), sym('t/d/d/y', 'lib/x.h'), hard('t/h', 't/include/x.h')], { top: 't' });
    assert.deepEqual(
      out.map((e) => [e.path, e.realPath, e.linkpath]),
      [
        ['t', 't', undefined],
        ['t/lib', 't/lib', undefined],
        ['t/include', 't/include', 'lib'],
        ['t/include/x.h', 't/lib/x.h', undefined],
        ['t/d', 't/d', '.'],
        ['t/d/d/y', 't/y', 'lib/x.h'],
        ['t/h', 't/h', 't/lib/x.h'],
      ],
    );
  });
});

describe('absolute links in a sysroot', () => {
  it('are rewritten relative to where the link really is, so they point under the root', () => {
    const out = run(
      [dir('./'), dir('./usr/lib/x86_64-linux-gnu/'), file('./usr/lib/x86_64-linux-gnu/libssl.so.3'), sym('./usr/lib/x86_64-linux-gnu/libssl.so', '/usr/lib/x86_64-linux-gnu/libssl.so.3'), sym('./lib', 'usr/lib'), sym('./lib/abs', '/etc/alternatives/x')],
      { absoluteLinks: 'rebase' },
    );
    assert.deepEqual(
      out.slice(3).map((e) => [e.realPath, e.linkpath]),
      [
        ['usr/lib/x86_64-linux-gnu/libssl.so', 'libssl.so.3'],
        ['lib', 'usr/lib'],
        ['usr/lib/abs', '../../etc/alternatives/x'],
      ],
    );
  });

  it("with dirOverLink 'keep', a directory entry at a link to a directory means that directory, as dpkg does", () => {
    const rules: EntryRules = { absoluteLinks: 'rebase', dirOverLink: 'keep' };
    const out = run([dir('./usr/lib/real/'), sym('./usr/lib/alias', 'real'), dir('./usr/lib/alias/'), file('./usr/lib/alias/x'), sym('./usr/up', '..'), dir('./usr/up/')], rules);
    assert.deepEqual(
      out.map((e) => [e.path, e.realPath]).slice(2),
      [
        ['usr/lib/alias', 'usr/lib/real'],
        ['usr/lib/alias/x', 'usr/lib/real/x'],
        ['usr/up', 'usr/up'],
        ['usr/up', ''],
      ],
    );
    const refusedHere: [string, RawEntry[]][] = [
      ['a dangling link', [dir('./usr/'), sym('./usr/l', 'nowhere'), dir('./usr/l/')]],
      ['a link to a file', [dir('./usr/'), file('./usr/f'), sym('./usr/l', 'f'), dir('./usr/l/')]],
      ['a file at a link', [dir('./usr/lib/'), sym('./usr/l', 'lib'), file('./usr/l')]],
    ];
    for (const [what, entries] of refusedHere) assert.throws(() => run(entries, rules), /replaces a symbolic link/, what);
    assert.throws(() => run([dir('./usr/'), sym('./usr/l', '../..'), dir('./usr/l/')], rules), /links outside the archive/);
    assert.throws(() => run([dir('./usr/lib/real/'), sym('./usr/lib/alias', 'real'), dir('./usr/lib/alias/')], { absoluteLinks: 'rebase' }), /replaces a symbolic link/, 'refused by default');
  });

  it('still refuses relative links that climb above the root', () => {
    assert.throws(() => run([dir('./usr/'), sym('./usr/l', '../../etc')], { absoluteLinks: 'rebase' }), /links outside the archive \(\.\.\/\.\.\/etc: goes above the root\)/);
  });
});

describe('modes', () => {
  const table: [string, 'file' | 'dir', number | undefined, number][] = [
    ['setuid executable', 'file', 0o4755, 0o755],
    ['setgid executable', 'file', 0o2755, 0o755],
    ['world-writable file', 'file', 0o666, 0o644],
    ['world-writable executable', 'file', 0o777, 0o755],
    ['read-only file', 'file', 0o444, 0o644],
    ['sticky world-writable directory', 'dir', 0o1777, 0o755],
    ['directory without owner write', 'dir', 0o555, 0o755],
    ['group-writable directory', 'dir', 0o775, 0o755],
    ['file with no mode recorded', 'file', undefined, 0o644],
  ];
  for (const [what, kind, mode, want] of table) {
    it(`${what}: ${mode?.toString(8) ?? 'none'} becomes ${want.toString(8)}`, () => {
      assert.equal(normalMode(kind, mode), want);
      const [, e] = run([dir('t/'), kind === 'dir' ? dir('t/x/', mode) : file('t/x', mode)]);
      assert.equal(e?.mode, want);
      assert.equal(e?.modeChanged, mode !== undefined && mode !== want);
    });
  }
});
