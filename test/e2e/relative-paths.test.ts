// Relative TSZIG_CACHE_DIR, ZIG_GLOBAL_CACHE_DIR, TSZIG_ZIG and --zig are taken from the working
// directory once, at the edge: what the shims and variables carry is absolute, so build scripts
// (which cargo runs in each package's own directory) still find the compiler.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, helloOutput, ok, run } from '../support/e2e.ts';
import { testZig } from '../support/toolchain.ts';

/** A copy of hello-cc with the test zig at tools/zig; commands run from its src/ directory. */
function project(): { root: string; cwd: string } {
  const root = freshDir('tszig-relative-');
  cpSync(join(FIXTURES, 'hello-cc'), root, { recursive: true, filter: (src) => !src.includes('/target') });
  mkdirSync(join(root, 'tools'));
  symlinkSync(testZig(), join(root, 'tools', 'zig'));
  return { root, cwd: join(root, 'src') };
}

describe('relative paths in settings', () => {
  it('a relative TSZIG_CACHE_DIR and TSZIG_ZIG work for a cc-rs build run from a subdirectory', () => {
    const p = project();
    const env = e2eEnv({ TSZIG_CACHE_DIR: '../.tszig-cache', TSZIG_ZIG: '../tools/zig' }, { withZig: false });
    const targetDir = freshDir('tszig-relative-target-');
    ok(run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--target-dir', targetDir], { cwd: p.cwd, env }), 'cargo tszig build');
    const bin = join(targetDir, 'x86_64-unknown-linux-gnu', 'debug', 'hello-cc');
    assert.equal(ok(run(bin, []), bin), helloOutput('x86_64'));

    const json = JSON.parse(ok(run('tszig', ['env', '--target', 'x86_64-unknown-linux-gnu.2.17', '--format', 'json'], { cwd: p.cwd, env }), 'tszig env')) as Record<string, string>;
    const cache = join(p.root, '.tszig-cache');
    for (const [name, value] of Object.entries(json)) {
      if (name.startsWith('BINDGEN')) continue;
      // The linker goes by name, from the shim directory that leads PATH.
      if (name.endsWith('_LINKER')) assert.ok(existsSync(join((json.PATH ?? '').split(':')[0] ?? '', value)), `${name}=${value} is not in PATH's first entry`);
      else assert.ok(isAbsolute(value) && value.startsWith(cache), `${name}=${value}`);
    }
  });

  it('--zig ./relative and a relative ZIG_GLOBAL_CACHE_DIR are baked in as absolute paths', () => {
    const p = project();
    // sh shims: the baked values can be read in the shim's site file.
    const env = e2eEnv({ ZIG_GLOBAL_CACHE_DIR: 'zig-cache', TSZIG_SHIM: 'sh' }, { withZig: false });
    const plan = ok(run('cargo', ['tszig', 'build', '--zig', '../tools/zig', '--target', 'x86_64-unknown-linux-gnu.2.17', '--print-plan'], { cwd: p.cwd, env }), 'plan');
    assert.ok(plan.includes(`# zig `) && plan.includes(`: ${join(p.root, 'tools', 'zig')} (--zig ../tools/zig)`), plan);
    const cc = /CC_x86_64_unknown_linux_gnu=(\S+)/.exec(plan)?.[1] ?? assert.fail(plan);
    // The shim holds no machine paths; its site file beside it does.
    const shim = readFileSync(`${cc}.site`, 'utf8');
    assert.ok(shim.split('\n').includes(join(p.root, 'tools', 'zig')), `zig path baked absolute:\n${shim}`);
    assert.ok(shim.includes(join(p.cwd, 'zig-cache')), `zig cache baked absolute:\n${shim}`);
  });
});
