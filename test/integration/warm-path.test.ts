// The warm paths start no process: finding an installed zig, and planning a cargo run for a target
// already prepared. strace counts every execve of the node process and its children.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { hostKey } from '../../src/zig/archive-name.ts';
import { resolveZig } from '../../src/zig/resolve.ts';
import { REPO } from '../support/e2e.ts';
import { testZig, testZigCache, testZigVenv } from '../support/toolchain.ts';

/** Runs node with `args` under strace and returns the programs it and its children executed. */
function execs(args: string[], env: NodeJS.ProcessEnv, cwd?: string): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'tszig-strace-')), 'log');
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=execve', '-o', log, process.execPath, ...args], { env, cwd, encoding: 'utf8' });
  assert.equal(r.error, undefined, 'strace must be installed (scripts/provision.sh installs it)');
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => /execve\(".*", \[.*\) = 0/.test(l))
    .map((l) => /execve\("([^"]+)"/.exec(l)?.[1] ?? l);
}

it('finding an installed zig starts no process', async () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'tszig-warm-'));
  const host = hostKey() ?? assert.fail('no host key');
  const dir = join(cacheDir, 'zig', '0.15.2', host);
  mkdirSync(dir, { recursive: true });
  const zigHome = dirname(realpathSync(testZig()));
  symlinkSync(join(zigHome, 'zig'), join(dir, 'zig'));
  symlinkSync(join(zigHome, 'lib'), join(dir, 'lib'));
  writeFileSync(join(dir, '.tszig-install.json'), JSON.stringify({ version: '0.15.2', host, file: 'test', trust: { kind: 'official' }, verifiedBy: 'test', source: 'test' }));
  // The first resolution probes the binary once and remembers it.
  const first = await resolveZig({ env: { PATH: '' }, cacheDir, version: '0.15.2', download: false });
  assert.equal(first.source, 'cache');
  const script = `import { resolveZig } from ${JSON.stringify(join(REPO, 'dist', 'zig', 'resolve.js'))};
const z = await resolveZig({ env: { PATH: '' }, cacheDir: ${JSON.stringify(cacheDir)}, version: '0.15.2', download: false });
if (z.source !== 'cache') process.exit(3);`;
  assert.deepEqual(execs(['--input-type=module', '-e', script], { PATH: process.env.PATH ?? '' }), [process.execPath]);
});

it('a warm `cargo tszig build --print-plan` starts no process', () => {
  const env: NodeJS.ProcessEnv = {
    PATH: `${join(testZigVenv(), 'bin')}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME,
    TSZIG_CACHE_DIR: mkdtempSync(join(tmpdir(), 'tszig-warm-plan-')),
    ZIG_GLOBAL_CACHE_DIR: testZigCache(),
  };
  const cwd = join(REPO, 'fixtures', 'hello-cc');
  const args = [join(REPO, 'bin', 'cargo-tszig.js'), 'tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--print-plan'];
  const cold = spawnSync(process.execPath, args, { env, cwd, encoding: 'utf8' });
  assert.equal(cold.status, 0, cold.stderr);
  assert.deepEqual(execs(args, env, cwd), [process.execPath]);
});
