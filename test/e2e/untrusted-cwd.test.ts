// The working directory and its parents are untrusted: a checkout's own `ziglang/` or `pip/`
// package, or a `zig`, `python3` or `cargo` reachable through an empty or relative PATH entry,
// never runs and is never recorded in tszig's cache; another user's tszig.toml in a parent (a
// shared, sticky /tmp-like directory) is not obeyed.

import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PINNED_ZIG_VERSION } from '../../src/zig/pin.ts';
import { binPath, e2eEnv, freshDir, run } from '../support/e2e.ts';
import { testZigVenv } from '../support/toolchain.ts';

/** A checkout whose files each leave a marker when run; `markers()` lists those that ran. */
function hostileCheckout(): { dir: string; markers: () => string[] } {
  const dir = freshDir('tszig-hostile-');
  const marks = join(dir, 'ran');
  mkdirSync(marks);
  const py = (name: string) => `import os\nopen(os.path.join(${JSON.stringify(marks)}, ${JSON.stringify(name)}), 'w').write('ran')\n`;
  const sh = (name: string, tail: string) => `#!/bin/sh\n: > '${join(marks, name)}'\n${tail}\n`;
  mkdirSync(join(dir, 'ziglang'));
  writeFileSync(join(dir, 'ziglang', '__init__.py'), py('ziglang-module'));
  // What the module would name: a "zig" of the wanted version.
  writeFileSync(join(dir, 'ziglang', 'zig'), sh('ziglang-zig', `[ "$1" = version ] && echo ${PINNED_ZIG_VERSION}; exit 0`));
  mkdirSync(join(dir, 'pip'));
  writeFileSync(join(dir, 'pip', '__init__.py'), '');
  writeFileSync(join(dir, 'pip', '__main__.py'), py('pip-module'));
  writeFileSync(join(dir, 'zig'), sh('cwd-zig', `[ "$1" = version ] && echo ${PINNED_ZIG_VERSION}; exit 0`));
  writeFileSync(join(dir, 'python3'), sh('cwd-python3', 'exit 1'));
  writeFileSync(join(dir, 'cargo'), sh('cwd-cargo', 'exit 0'));
  for (const f of ['ziglang/zig', 'zig', 'python3', 'cargo']) chmodSync(join(dir, f), 0o755);
  return { dir, markers: () => readdirSync(marks) };
}

/** Every file under `dir` whose content names `needle`. */
function filesNaming(dir: string, needle: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = join(dir, name);
    if (statSync(file).isFile() && readFileSync(file).includes(needle)) out.push(name);
  }
  return out;
}

/** No zig anywhere but in the checkout; downloads fail at once; pip is offline. */
function isolatedEnv(path: string): NodeJS.ProcessEnv {
  return {
    HOME: process.env.HOME,
    PATH: path,
    TSZIG_CACHE_DIR: freshDir('tszig-hostile-cache-'),
    ZIG_GLOBAL_CACHE_DIR: freshDir('tszig-hostile-zig-cache-'),
    TSZIG_ZIG_MIRRORS: 'http://127.0.0.1:9',
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_INDEX: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
  };
}

const SYSTEM_PATH = '/usr/bin:/bin';

describe('a hostile checkout as the working directory', () => {
  it('zig discovery does not import its ziglang package', () => {
    const h = hostileCheckout();
    const env: NodeJS.ProcessEnv = { ...isolatedEnv(SYSTEM_PATH), TSZIG_ZIG_PYPI: '0' };
    const r = run(process.execPath, [binPath('tszig'), 'env', '--target', 'x86_64-unknown-linux-gnu'], { cwd: h.dir, env });
    assert.deepEqual(h.markers(), [], r.stderr);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /python3 -m ziglang: \/usr\/bin\/python3 has no ziglang module/);
    assert.deepEqual(filesNaming(env.TSZIG_CACHE_DIR as string, h.dir), []);
  });

  it("the PyPI fallback does not run its pip package", () => {
    const h = hostileCheckout();
    const env = isolatedEnv(SYSTEM_PATH);
    const r = run(process.execPath, [binPath('tszig'), 'zig', 'install'], { cwd: h.dir, env });
    assert.deepEqual(h.markers(), [], r.stderr);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /PyPI: pip install ziglang==\S+ failed/);
    assert.deepEqual(filesNaming(env.TSZIG_CACHE_DIR as string, h.dir), []);
  });

  for (const path of [`:${SYSTEM_PATH}`, `.:${SYSTEM_PATH}`, `${SYSTEM_PATH}:`, `ran/..:${SYSTEM_PATH}`]) {
    it(`PATH=${path}: its zig and python3 are not run, found or recorded`, () => {
      const h = hostileCheckout();
      const env: NodeJS.ProcessEnv = { ...isolatedEnv(path), TSZIG_ZIG_PYPI: '0' };
      const r = run(process.execPath, [binPath('tszig'), 'env', '--target', 'x86_64-unknown-linux-gnu'], { cwd: h.dir, env });
      assert.deepEqual(h.markers(), [], r.stderr);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /zig on PATH: none/);
      assert.deepEqual(filesNaming(env.TSZIG_CACHE_DIR as string, h.dir), []);
    });
  }

  it('PATH=:…: cargo tszig runs the cargo on PATH, not the one in the working directory', () => {
    const h = hostileCheckout();
    const cargo = run('sh', ['-c', 'command -v cargo']).stdout.trim();
    assert.ok(cargo.startsWith('/'), 'cargo on PATH');
    const env = isolatedEnv(`:${join(cargo, '..')}:${SYSTEM_PATH}`);
    const r = run(process.execPath, [binPath('cargo-tszig'), 'tszig', 'locate-project'], { cwd: h.dir, env });
    assert.deepEqual(h.markers(), [], r.stderr);
    // The real cargo ran, and found no Cargo.toml in the checkout.
    assert.match(r.stderr, /could not find `Cargo\.toml`/);
  });
});

describe("another user's tszig.toml in a parent directory", () => {
  it('is skipped with a warning, and its zig.path never runs', { skip: process.getuid?.() !== 0 && 'chown needs root' }, () => {
    const other = 4242;
    // A shared directory like /tmp: world-writable and sticky; another user put a tszig.toml there.
    const shared = freshDir('tszig-shared-');
    chmodSync(shared, 0o1777);
    const marker = join(shared, 'evil-zig-ran');
    writeFileSync(join(shared, 'evil-zig'), `#!/bin/sh\n: > '${marker}'\necho ${PINNED_ZIG_VERSION}\n`);
    chmodSync(join(shared, 'evil-zig'), 0o755);
    writeFileSync(join(shared, 'tszig.toml'), '[zig]\npath = "evil-zig"\n');
    for (const f of ['evil-zig', 'tszig.toml']) chownSync(join(shared, f), other, other);
    const project = join(shared, 'project');
    mkdirSync(project);

    const r = run(process.execPath, [binPath('tszig'), 'zig', 'which'], { cwd: project, env: e2eEnv() });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(marker), 'the other user\'s zig ran');
    assert.ok(r.stderr.includes(`warning: ignoring ${join(shared, 'tszig.toml')}: it is owned by uid ${other}`), r.stderr);
    assert.ok(r.stdout.startsWith(join(testZigVenv(), 'lib')), `the zig a build would use: ${r.stdout}`);
  });
});
