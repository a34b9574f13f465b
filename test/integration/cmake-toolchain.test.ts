// The CMake toolchain file read back by the real cmake: shim paths that need quoting survive.

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
});
