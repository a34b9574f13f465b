// The CMake toolchain file read back by the real cmake: shim paths that need quoting survive, and
// the compiler launcher is set unless the project or the environment names one.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderCmakeToolchain } from '../../src/shims/cmake-toolchain.ts';
import { parseTarget } from '../../src/target/parse.ts';

const ctx = { glibcMax: undefined, zigVersion: '0.15.2' };

describe('CMake toolchain file, read by cmake', () => {
  it('cmake reads back shim paths with spaces, quotes, $ and backslashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tszig-cmake-unit-'));
    const odd = { cc: `${dir}/a b/"q" $x \\y;z/cc`, cxx: `${dir}/c++`, ar: `${dir}/ar`, ranlib: `${dir}/${'${HOME}'}/ranlib` };
    const file = join(dir, 'toolchain.cmake');
    writeFileSync(file, renderCmakeToolchain(parseTarget('aarch64-unknown-linux-gnu', ctx), odd));
    const script = join(dir, 'print.cmake');
    writeFileSync(script, `include("${file}")\nmessage(STATUS "cc=[\${CMAKE_C_COMPILER}]")\nmessage(STATUS "ranlib=[\${CMAKE_RANLIB}]")\n`);
    const r = spawnSync('cmake', ['-P', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`cc=[${odd.cc}]`), r.stdout);
    assert.ok(r.stdout.includes(`ranlib=[${odd.ranlib}]`), r.stdout);
  });

  it('the launcher applies unless CMAKE_C_COMPILER_LAUNCHER is already defined or in the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tszig-cmake-launcher-'));
    const shims = { cc: `${dir}/cc`, cxx: `${dir}/c++`, ar: `${dir}/ar`, ranlib: `${dir}/ranlib` };
    const launcher = `${dir}/tools $x/sccache`;
    const file = join(dir, 'toolchain.cmake');
    writeFileSync(file, renderCmakeToolchain(parseTarget('aarch64-unknown-linux-gnu', ctx), shims, [], launcher));
    const script = join(dir, 'print.cmake');
    writeFileSync(script, `include("${file}")\nmessage(STATUS "c=[\${CMAKE_C_COMPILER_LAUNCHER}] cxx=[\${CMAKE_CXX_COMPILER_LAUNCHER}]")\n`);
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync('cmake', [...args, '-P', script], { encoding: 'utf8', env: { ...process.env, CMAKE_C_COMPILER_LAUNCHER: undefined, CMAKE_CXX_COMPILER_LAUNCHER: undefined, ...env } });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    assert.ok(run([]).includes(`c=[${launcher}] cxx=[${launcher}]`));
    assert.ok(run(['-DCMAKE_C_COMPILER_LAUNCHER=ccache']).includes(`c=[ccache] cxx=[${launcher}]`));
    assert.ok(run([], { CMAKE_CXX_COMPILER_LAUNCHER: 'distcc' }).includes(`c=[${launcher}] cxx=[]`));
  });
});
