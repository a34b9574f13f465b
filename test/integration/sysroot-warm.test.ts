// The warm sysroot path: with the sysroot in the cache, planning a build fetches nothing (the
// archive here is unreachable), starts no process, and never loads the OpenPGP library.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { resolveArchive } from '../../src/sysroot/archive.ts';
import { RECORD, SYSROOT_FORMAT, sysrootName, type SysrootRecord } from '../../src/sysroot/store.ts';
import { REPO } from '../support/e2e.ts';
import { testZigCache, testZigVenv } from '../support/toolchain.ts';

it('a warm `cargo tszig build --print-plan` with a sysroot fetches nothing, starts no process, loads no OpenPGP', () => {
  const work = mkdtempSync(join(tmpdir(), 'tszig-sysroot-warm-'));
  const cache = join(work, 'cache');
  const keyring = join(work, 'keys.asc');
  writeFileSync(keyring, 'not read on the warm path');
  const project = join(work, 'project');
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(join(project, 'Cargo.toml'), '[package]\nname = "warm"\nversion = "0.1.0"\nedition = "2021"\n[workspace]\n');
  writeFileSync(join(project, 'src', 'main.rs'), 'fn main() {}\n');
  writeFileSync(join(project, 'tszig.toml'), '[target.x86_64-unknown-linux-gnu]\npackages = ["zlib1g-dev"]\n');
  const debian = { TSZIG_DEBIAN_MIRROR: 'http://127.0.0.1:9/debian', TSZIG_DEBIAN_SUITE: 'bookworm', TSZIG_DEBIAN_KEYRING: keyring };
  const archive = resolveArchive({ env: debian, settings: {}, projectFile: undefined });
  const dir = join(cache, 'sysroots', sysrootName({ archive, arch: 'amd64', packages: ['zlib1g-dev'] }));
  mkdirSync(join(dir, 'usr', 'include'), { recursive: true });
  const record: SysrootRecord = {
    format: SYSROOT_FORMAT,
    suite: 'bookworm',
    arch: 'amd64',
    multiarch: 'x86_64-linux-gnu',
    mirror: archive.mirror,
    components: ['main'],
    keyring,
    requested: ['zlib1g-dev'],
    packages: [{ name: 'zlib1g-dev', version: '1:1.2.13.dfsg-1' }],
    glibcFloor: { version: '2.17', by: 'zlib1g' },
    includeDirs: ['usr/include'],
    libDirs: [],
    pkgconfigDirs: [],
    createdAt: new Date().toISOString(),
  };
  const env: NodeJS.ProcessEnv = { PATH: `${join(testZigVenv(), 'bin')}:${process.env.PATH ?? ''}`, HOME: process.env.HOME, TSZIG_CACHE_DIR: cache, ZIG_GLOBAL_CACHE_DIR: testZigCache(), ...debian };
  const args = [join(REPO, 'bin', 'cargo-tszig.js'), 'tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.28', '--print-plan'];
  // Without the sysroot, --print-plan says so instead of fetching it.
  const missing = spawnSync(process.execPath, args, { env, cwd: project, encoding: 'utf8' });
  assert.equal(missing.status, 1, missing.stderr);
  assert.match(missing.stderr, /the amd64 sysroot for x86_64-unknown-linux-gnu\.2\.28 \(zlib1g-dev\) is not in tszig's cache, and --print-plan downloads nothing/);
  assert.match(missing.stderr, /hint: fetch it first: tszig sysroot path --target x86_64-unknown-linux-gnu\.2\.28/);

  writeFileSync(join(dir, RECORD), JSON.stringify(record));
  const cold = spawnSync(process.execPath, args, { env, cwd: project, encoding: 'utf8' });
  assert.equal(cold.status, 0, cold.stderr);
  assert.match(cold.stdout, new RegExp(`PKG_CONFIG_SYSROOT_DIR_x86_64_unknown_linux_gnu=${dir.replaceAll('/', '\\/')}`));

  const log = join(work, 'strace');
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=execve,openat', '-o', log, process.execPath, ...args], { env, cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = readFileSync(log, 'utf8').split('\n');
  const execs = lines.filter((l) => /execve\(".*", \[.*\) = 0/.test(l)).map((l) => /execve\("([^"]+)"/.exec(l)?.[1] ?? l);
  assert.deepEqual(execs, [process.execPath]);
  assert.deepEqual(lines.filter((l) => l.includes('openat') && /node_modules\/openpgp|sysroot\/(build|download|index-fetch|openpgp-verify|deb-extract)\.js|fetch\/(verified|tar-extract|tar-entries)\.js|keys\.asc|Packages|InRelease/.test(l)), []);
  assert.ok(lines.some((l) => l.includes(RECORD)), 'the record was read');
});
