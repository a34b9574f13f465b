// The CMake toolchain file: CMake's system and processor names per target (the real cmake reads
// it back in test/integration/cmake-toolchain.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCmakeToolchain } from '../../src/shims/cmake-toolchain.ts';
import { parseTarget } from '../../src/target/parse.ts';

const ctx = { glibcMax: undefined, zigVersion: '0.15.2' };
const shims = { cc: '/s/cc', cxx: '/s/c++', ar: '/s/ar', ranlib: '/s/ranlib' };
const line = (text: string, name: string): string | undefined => new RegExp(`^set\\(${name} (.*)\\)$`, 'm').exec(text)?.[1];

describe('CMake toolchain file', () => {
  it('names the system and processor the way CMake on the target would', () => {
    const cases: [string, string, string][] = [
      ['aarch64-unknown-linux-gnu.2.17', 'Linux', 'aarch64'],
      ['armv7-unknown-linux-gnueabihf', 'Linux', 'armv7l'],
      ['arm-unknown-linux-gnueabihf', 'Linux', 'armv6l'],
      ['i686-unknown-linux-gnu', 'Linux', 'i686'],
      ['powerpc64le-unknown-linux-gnu', 'Linux', 'ppc64le'],
      ['x86_64-unknown-linux-musl', 'Linux', 'x86_64'],
      ['x86_64-pc-windows-gnu', 'Windows', 'AMD64'],
      ['aarch64-apple-darwin', 'Darwin', 'arm64'],
    ];
    for (const [input, system, processor] of cases) {
      const text = renderCmakeToolchain(parseTarget(input, ctx), shims);
      assert.equal(line(text, 'CMAKE_SYSTEM_NAME'), system, input);
      assert.equal(line(text, 'CMAKE_SYSTEM_PROCESSOR'), processor, input);
      assert.match(text, /^set\(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY\)$/m);
    }
  });

  it('puts the compiler launcher (sccache) before C and C++ compiles unless one is set, quoted for CMake', () => {
    const target = parseTarget('aarch64-unknown-linux-gnu.2.17', ctx);
    assert.doesNotMatch(renderCmakeToolchain(target, shims), /LAUNCHER/);
    const text = renderCmakeToolchain(target, shims, [], '/opt/my tools/sccache');
    for (const lang of ['C', 'CXX']) {
      assert.ok(
        text.includes(`if(NOT DEFINED CMAKE_${lang}_COMPILER_LAUNCHER AND NOT DEFINED ENV{CMAKE_${lang}_COMPILER_LAUNCHER})\n  set(CMAKE_${lang}_COMPILER_LAUNCHER "/opt/my tools/sccache")\nendif()\n`),
        lang,
      );
    }
    assert.match(renderCmakeToolchain(target, shims, [], '/x/$HOME/sccache'), /set\(CMAKE_C_COMPILER_LAUNCHER "\/x\/\\\$HOME\/sccache"\)/);
  });
});
