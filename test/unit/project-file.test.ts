// tszig.toml: which file is obeyed (ownership and write permissions along its path, with real
// chowned files and the uid injected), and errors that name the file.

import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findProjectFile, loadProjectConfig } from '../../src/config/project-file.ts';
import { untrustedBecause } from '../../src/config/trust.ts';
import { ConfigError } from '../../src/errors.ts';

const root = process.getuid?.() === 0;
const needsRoot = { skip: !root && 'creating files owned by another user needs root' };
/** Another user's uid, and the one running the test. */
const OTHER = 4242;
const ME = process.getuid?.() ?? 0;

/** A private temp dir holding `tszig.toml` (written with `text`) under `sub/`. */
function tree(text = '[zig]\nversion = "0.16.0"\n'): { dir: string; file: string; sub: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tszig-trust-'));
  const file = join(dir, 'tszig.toml');
  writeFileSync(file, text);
  chmodSync(file, 0o644);
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  return { dir, file, sub };
}

describe('which tszig.toml is trusted', () => {
  it('one owned by the user or by root, writable only by its owner, is obeyed', () => {
    const t = tree();
    assert.equal(untrustedBecause(t.file, ME), undefined);
    // Root's file is fine for any user.
    if (root) assert.equal(untrustedBecause(t.file, OTHER), undefined);
    assert.equal(untrustedBecause(t.file, undefined), undefined, 'no owners on Windows: no check');
  });

  it("another user's file is skipped, and the search goes on above it", needsRoot, () => {
    const outer = tree('[zig]\nversion = "0.15.2"\n');
    const inner = join(outer.sub, 'tszig.toml');
    writeFileSync(inner, '[zig]\npath = "/bin/false"\n');
    chownSync(inner, OTHER, OTHER);
    assert.equal(untrustedBecause(inner, 0), `it is owned by uid ${OTHER}`);
    const found = findProjectFile(join(outer.sub), { uid: 0 });
    assert.equal(found.path, outer.file);
    assert.deepEqual(found.ignored, [{ path: inner, why: `it is owned by uid ${OTHER}` }]);
    // The same file is that user's own when they run tszig.
    assert.equal(findProjectFile(outer.sub, { uid: OTHER }).path, inner);
  });

  it('a file or directory others can write is skipped unless the directory is sticky', () => {
    const t = tree();
    chmodSync(t.file, 0o666);
    assert.equal(untrustedBecause(t.file, ME), 'it is writable by its group and everyone');
    chmodSync(t.file, 0o620);
    assert.equal(untrustedBecause(t.file, ME), 'it is writable by its group');
    chmodSync(t.file, 0o644);
    chmodSync(t.dir, 0o777);
    assert.equal(untrustedBecause(t.file, ME), `the directory ${t.dir} is writable by its group and everyone`);
    chmodSync(t.dir, 0o1777);
    assert.equal(untrustedBecause(t.file, ME), undefined, 'a sticky directory like /tmp protects its entries');
  });

  it("a directory of another user's on the way up is not trusted", needsRoot, () => {
    const t = tree();
    chownSync(t.dir, OTHER, OTHER);
    assert.equal(untrustedBecause(t.file, 0), `the directory ${t.dir} is owned by uid ${OTHER}`);
  });

  it('a symlink is judged by where it leads and by the directory it lives in', needsRoot, () => {
    const theirs = tree();
    chownSync(theirs.file, OTHER, OTHER);
    const mine = tree();
    const link = join(mine.sub, 'tszig.toml');
    symlinkSync(theirs.file, link);
    assert.equal(untrustedBecause(link, 0), `it is owned by uid ${OTHER}`);
    // A link to a good file, in a directory others can write, could be swapped.
    const open = tree();
    chmodSync(open.sub, 0o777);
    symlinkSync(mine.file, join(open.sub, 'tszig.toml'));
    assert.equal(untrustedBecause(join(open.sub, 'tszig.toml'), 0), `the directory ${open.sub} is writable by its group and everyone`);
  });

  it('loadProjectConfig reports the files it skipped', needsRoot, async () => {
    const t = tree('[zig]\npath = "evil/zig"\n');
    chownSync(t.file, OTHER, OTHER);
    const p = await loadProjectConfig(t.sub, { uid: 0 });
    assert.equal(p.path, undefined);
    assert.equal(p.zig.path, undefined);
    assert.deepEqual(p.ignored, [{ path: t.file, why: `it is owned by uid ${OTHER}` }]);
  });
});

describe('tszig.toml errors name the file', () => {
  it('[zig.hosts] without [zig] version is an error, not silently ignored', async () => {
    const t = tree(`[zig.hosts.x86_64-linux]\nurl = "https://f.example/zig.tar.xz"\nsha256 = "${'a'.repeat(64)}"\n`);
    await assert.rejects(loadProjectConfig(t.sub), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${t.file}: [zig.hosts.x86_64-linux] needs [zig] version`) && Boolean(e.hint));
  });

  it('a bad minisign-key names the file and the setting', async () => {
    const t = tree('[zig]\nversion = "0.16.0"\n[zig.hosts.x86_64-linux]\nurl = "https://f.example/zig.tar.xz"\nsha256 = "' + 'a'.repeat(64) + '"\nminisign-key = "RWnope"\n');
    await assert.rejects(loadProjectConfig(t.sub), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${t.file}: zig.hosts.x86_64-linux.minisign-key is not a minisign public key`) && /RW/.test(e.hint ?? ''));
  });
});
