// Two Zig versions used alternately with one tszig cache: everything tszig caches for a zig (probe
// results, shims and their site files, launchers, bindgen arguments, the wine ProcessPrng DLL) is
// kept per zig, so switching back and forth rebuilds nothing: the second round of switching writes
// no file and touches none.

import assert from 'node:assert/strict';
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, freshDir, ok, run } from '../support/e2e.ts';
import { PINNED_ZIG_VERSION, TESTED_ZIG_VERSIONS } from '../../src/zig/pin.ts';
import { testZigOf, type TestZig } from '../support/zig-versions.ts';

const TARGETS = ['aarch64-unknown-linux-gnu.2.17', 'x86_64-pc-windows-gnu', 'aarch64-apple-darwin'];
const DLLTOOL_DIR = /^shims\/x86_64-pc-windows-gnu\/bin-[0-9a-f]{12}(\/|$)/;
let dlltoolRewrites: string[] | undefined;

/** Every file and directory under `dir` with what a rewrite would change: size, mtime, inode. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const st = lstatSync(join(dir, name));
    out.set(relative(dir, join(dir, name)), `${st.isDirectory() ? 'dir' : st.size} ${st.mtimeMs} ${st.ino}`);
  }
  return out;
}

describe('per-version caches', () => {
  // The oldest tested zig and the pin: their rule sets differ the most.
  const pair: [TestZig, TestZig] = [testZigOf(TESTED_ZIG_VERSIONS[0]), testZigOf(PINNED_ZIG_VERSION)];

  it(`zig ${pair[0].version} and ${pair[1].version} alternately in one cache: the second round rebuilds nothing`, () => {
    const cache = freshDir('tszig-two-zigs-');
    const tszigEnv = (zig: TestZig): Record<string, string> => {
      const r = run('tszig', ['env', '--format', 'json', ...TARGETS.flatMap((t) => ['--target', t])], { env: e2eEnv({ TSZIG_CACHE_DIR: cache, TSZIG_ZIG: zig.path }) });
      assert.doesNotMatch(r.stderr, /could not|using sh shims|no BINDGEN_EXTRA_CLANG_ARGS|may not start under wine/, r.stderr);
      return JSON.parse(ok(r, `tszig env with zig ${zig.version}`)) as Record<string, string>;
    };

    const first = pair.map(tszigEnv);
    const afterFirst = snapshot(cache);
    const second = pair.map(tszigEnv);
    const afterSecond = snapshot(cache);

    // The same answers each time, and different ones per zig.
    assert.deepEqual(second, first);
    const [a, b] = first as [Record<string, string>, Record<string, string>];
    for (const name of ['CC_aarch64_unknown_linux_gnu', 'CXX_aarch64_unknown_linux_gnu', 'CC_x86_64_pc_windows_gnu', 'CC_aarch64_apple_darwin', 'CMAKE_TOOLCHAIN_FILE_aarch64_unknown_linux_gnu', 'WINEPATH']) {
      assert.ok(a[name] && b[name], `${name} missing`);
      assert.notEqual(a[name], b[name], `${name} is the same for zig ${pair[0].version} and ${pair[1].version}`);
    }
    // bindgen's arguments name each zig's own headers.
    assert.match(a.BINDGEN_EXTRA_CLANG_ARGS_aarch64_unknown_linux_gnu ?? '', new RegExp(`zig-${pair[0].version.replaceAll('.', '\\.')}/`));
    assert.match(b.BINDGEN_EXTRA_CLANG_ARGS_aarch64_unknown_linux_gnu ?? '', new RegExp(`zig-${pair[1].version.replaceAll('.', '\\.')}/`));

    // Nothing new, nothing rewritten (but the dlltool shim: see the todo below).
    const added = [...afterSecond.keys()].filter((k) => !afterFirst.has(k));
    const changed = [...afterFirst.keys()].filter((k) => afterSecond.get(k) !== afterFirst.get(k) && !DLLTOOL_DIR.test(k));
    dlltoolRewrites = [...afterFirst.keys()].filter((k) => afterSecond.get(k) !== afterFirst.get(k) && DLLTOOL_DIR.test(k));
    assert.deepEqual(added, [], `the second round wrote new files: ${added.join(', ')}`);
    assert.deepEqual(changed, [], `the second round rewrote or removed: ${changed.join(', ')}`);

    // Both zigs' artifacts sit side by side: a launcher per zig and role, a probe record per zig.
    const files = [...afterFirst.keys()];
    assert.ok(files.filter((f) => /^launchers\/[0-9a-f]{16}$/.test(f)).length >= 4, files.join('\n'));
    assert.ok(files.filter((f) => /^probes\/zig-/.test(f)).length >= 2, files.join('\n'));
    assert.ok(files.filter((f) => /^probes\/bindgen-/.test(f)).length >= 2 * TARGETS.length, files.join('\n'));
    assert.equal(files.filter((f) => /^wine\/x86_64-windows-gnu-[0-9a-f]+\/bcryptprimitives\.dll$/.test(f)).length, 2, files.join('\n'));
  });

  // The Windows dlltool shim (put on PATH for rustc's raw-dylib) has a fixed file name; its
  // directory, `shims/<target>/bin-<hash>/`, is keyed by its content, so each zig has its own.
  it('the dlltool shim is kept per zig too', () => {
    assert.ok(dlltoolRewrites !== undefined, 'runs after the test above');
    assert.deepEqual(dlltoolRewrites, [], `the second round rewrote ${dlltoolRewrites.join(', ')}`);
  });
});
