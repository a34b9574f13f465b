// Every macOS stub's symbols, re-derived from the source the table names: the header (zig's copy,
// or a crate's as cargo fetched it for fixtures/macos-syslibs) as clang parses it for each macOS
// target (`zig cc -E -Xclang -ast-dump=json`), every external function and variable declared in
// the header itself. What the table exports plus what it leaves out must be exactly that set.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { SYSTEM_LIBRARIES, type HeaderSource } from '../../src/macos/system-libraries.ts';
import { externalDeclarations, type AstNode } from '../support/clang-decls.ts';
import { testZig, testZigCache } from '../support/toolchain.ts';

function zigOf(version: string): string {
  const name = `TSZIG_TEST_ZIG_${version.replaceAll('.', '_')}`;
  const zig = process.env[name];
  if (!zig) throw new Error(`${name} is not set: run this test through scripts/test.sh (it provisions every tested zig)`);
  return zig;
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Crates in the fixture's lock file, by `name@version`, with their directories. */
function lockedCrates(): Map<string, string> {
  const r = spawnSync('cargo', ['metadata', '--offline', '--locked', '--format-version', '1', '--manifest-path', join(FIXTURES, 'macos-syslibs', 'Cargo.toml')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`cargo metadata failed (scripts/provision.sh fetches the fixture's crates):\n${r.stderr}`);
  const meta = JSON.parse(r.stdout) as { packages: { name: string; version: string; manifest_path: string }[] };
  return new Map(meta.packages.map((p) => [`${p.name}@${p.version}`, dirname(p.manifest_path)]));
}

/** The headers a table entry names, and the zig that parses them. */
function headersOf(source: HeaderSource, crates: () => Map<string, string>): { headers: string[]; zig: string } {
  if ('zigLib' in source) {
    const zig = zigOf(source.zig);
    // The PyPI wheel's layout: ziglang/zig next to ziglang/lib.
    return { headers: source.zigLib.map((p) => join(dirname(zig), 'lib', p)), zig };
  }
  const dir = crates().get(`${source.crate}@${source.version}`);
  assert.ok(dir, `${source.crate} ${source.version} is not what fixtures/macos-syslibs/Cargo.lock holds`);
  return { headers: source.paths.map((p) => join(dir, p)), zig: testZig() };
}

const TARGETS = [
  ['x86_64-macos.10.12-none', 'x86_64 at macOS 10.12'],
  ['aarch64-macos.11.0-none', 'arm64 at macOS 11.0'],
] as const;

describe('macOS stubs against their sources', () => {
  const work = mkdtempSync(join(tmpdir(), 'tszig-stub-sources-'));
  let crates: Map<string, string> | undefined;
  const locked = (): Map<string, string> => (crates ??= lockedCrates());
  for (const lib of SYSTEM_LIBRARIES) {
    const paths = 'zigLib' in lib.header ? lib.header.zigLib : lib.header.paths;
    const named = `${paths[0]}${paths.length > 1 ? ` and ${paths.length - 1} more` : ''}`;
    const source = 'zigLib' in lib.header ? `zig ${lib.header.zig}'s ${named}` : `${lib.header.crate} ${lib.header.version}'s ${named}`;
    for (const [zigTarget, what] of TARGETS) {
      it(`lib${lib.name}: the functions and variables ${source} declares for ${what}`, () => {
        const { headers, zig } = headersOf(lib.header, locked);
        for (const h of headers) assert.ok(existsSync(h), h);
        const source = join(work, `${lib.name}.c`);
        writeFileSync(source, headers.map((h) => `#include "${h}"\n`).join(''));
        const r = spawnSync(zig, ['cc', '-target', zigTarget, '-E', '-Xclang', '-ast-dump=json', '-x', 'c', source], {
          encoding: 'utf8',
          maxBuffer: 256 * 1024 * 1024,
          env: { ...process.env, ZIG_GLOBAL_CACHE_DIR: testZigCache() },
        });
        assert.equal(r.status, 0, r.stderr);
        const declared = externalDeclarations(JSON.parse(r.stdout) as AstNode, headers);
        assert.ok(declared.length > 0, `nothing declared in ${headers.join(', ')}`);
        const listed = [...lib.releases.flatMap((rel) => rel.added), ...lib.notExported].sort();
        assert.deepEqual(listed, declared, `lib${lib.name}: the table (exported + not exported) and ${headers.join(', ')} disagree`);
      });
    }
  }
});
