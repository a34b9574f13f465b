// Finding programs on PATH: only absolute entries are searched, so nothing in the working
// directory is ever found through an empty, `.` or relative entry.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findOnPath, pathEntries, resolveCommand } from '../../src/platform/on-path.ts';

function dirWith(files: Record<string, number | 'dir'>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tszig-onpath-'));
  for (const [name, mode] of Object.entries(files)) {
    if (mode === 'dir') mkdirSync(join(dir, name));
    else {
      writeFileSync(join(dir, name), '#!/bin/sh\n');
      chmodSync(join(dir, name), mode);
    }
  }
  return dir;
}

describe('PATH entries', () => {
  it('keeps absolute entries only, in order, once each', () => {
    assert.deepEqual(pathEntries(':/a:.:/b::bin:../x:/a:', 'linux'), ['/a', '/b']);
    assert.deepEqual(pathEntries(undefined, 'linux'), []);
    assert.deepEqual(pathEntries('C:\\bin;;.;"C:\\Program Files\\x";rel', 'win32'), ['C:\\bin', 'C:\\Program Files\\x']);
  });
});

describe('findOnPath', () => {
  it('never finds a program in the working directory', () => {
    const cwd = dirWith({ zig: 0o755 });
    const before = process.cwd();
    process.chdir(cwd);
    try {
      for (const path of ['', ':', '.', './', 'sub/..', `:${dirWith({})}`]) assert.equal(findOnPath('zig', path), undefined, JSON.stringify(path));
      assert.equal(resolveCommand('zig', ':.'), undefined);
    } finally {
      process.chdir(before);
    }
  });

  it('finds executable files in absolute entries, in order; skips the rest', () => {
    const first = dirWith({ zig: 0o644, tool: 'dir' });
    const second = dirWith({ zig: 0o755, tool: 0o755 });
    assert.equal(findOnPath('zig', `${first}:${second}`), join(second, 'zig'));
    assert.equal(findOnPath('tool', `${first}:${second}`), join(second, 'tool'));
    assert.equal(findOnPath('nope', `${first}:${second}`), undefined);
  });

  it('resolveCommand looks up bare names and keeps paths as given', () => {
    const bin = dirWith({ cargo: 0o755 });
    assert.equal(resolveCommand('cargo', bin), join(bin, 'cargo'));
    assert.equal(resolveCommand('/opt/cargo', bin), '/opt/cargo');
    assert.equal(resolveCommand('./cargo', bin), './cargo');
  });
});
