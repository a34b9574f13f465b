// The error-code table walked: every code tszig throws is in src/error-codes.ts and every code there
// is thrown somewhere, each has one meaning, and each is provoked by a test (listed below, and
// checked to be there) or has a stated reason why no test can.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, type ErrorCode } from '../../src/error-codes.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(REPO, dir), { recursive: true }) as string[]) {
    if (name.endsWith('.ts')) out.set(join(dir, name), readFileSync(join(REPO, dir, name), 'utf8'));
  }
  return out;
}

const SRC = sources('src');
const TABLE_FILE = join('src', 'error-codes.ts');

/** Each code, with the test that provokes it and a string that test contains where it does. */
const PROVOKED: Readonly<Record<ErrorCode, { test: string; shows: string } | { none: string }>> = {
  E_USAGE: { test: 'test/unit/cli-tool-argv.test.ts', shows: 'UsageError' },
  E_CONFIG: { test: 'test/unit/project-file.test.ts', shows: 'ConfigError' },
  E_TARGET: { test: 'test/unit/target.test.ts', shows: 'UnsupportedTargetError' },
  E_GLIBC: { test: 'test/unit/target.test.ts', shows: 'GlibcVersionError' },
  E_TARGET_STD: { test: 'test/e2e/cli.test.ts', shows: 'the Rust standard library for s390x-unknown-linux-gnu is not installed' },
  E_RUSTC: { test: 'test/unit/cargo-toolchain.test.ts', shows: "'E_RUSTC'" },
  E_SPAWN: { test: 'test/unit/cargo-plan.test.ts', shows: "'E_SPAWN'" },
  E_RUNNER: { test: 'test/e2e/targets.test.ts', shows: 'cannot run x86_64-apple-darwin programs here' },
  E_HOST: { none: 'only on a machine Zig publishes no build for; the suite runs on x86_64 Linux' },
  E_ZIG_NOT_FOUND: { test: 'test/unit/zig-resolve.test.ts', shows: 'ZigNotFoundError' },
  E_ZIG_VERSION: { test: 'test/unit/zig-resolve.test.ts', shows: 'ZigVersionError' },
  E_ZIG_BROKEN: { test: 'test/unit/zig-resolve.test.ts', shows: "'E_ZIG_BROKEN'" },
  E_ZIG_DOWNLOAD: { test: 'test/e2e/zig-download.test.ts', shows: 'could not install zig' },
  E_FETCH: { test: 'test/integration/fetch-verified.test.ts', shows: "e.code === 'E_FETCH'" },
  E_HTTP: { test: 'test/integration/fetch-http.test.ts', shows: 'e instanceof HttpError' },
  E_CHECKSUM: { test: 'test/integration/fetch-verified.test.ts', shows: "e.code === 'E_CHECKSUM'" },
  E_SIGNATURE: { test: 'test/unit/zig-download.test.ts', shows: 'SignatureError' },
  E_MINISIGN_KEY: { test: 'test/unit/zig-download.test.ts', shows: "parsePublicKey('nonsense')" },
  E_ARCHIVE: { test: 'test/unit/zig-download.test.ts', shows: 'ArchiveError' },
  E_CACHE_DIR: { test: 'test/e2e/cli.test.ts', shows: 'hint: set TSZIG_CACHE_DIR to a writable directory' },
  E_CACHE_CORRUPT: { none: 'not thrown yet (see PENDING)' },
  E_LOCK: { none: 'not thrown yet (see PENDING)' },
  E_SDK: { test: 'test/unit/macos-sdk.test.ts', shows: "'E_SDK'" },
  E_UNIVERSAL2: { test: 'test/unit/macho-fat.test.ts', shows: "'E_UNIVERSAL2'" },
  E_MACHO: { test: 'test/unit/macho-fat.test.ts', shows: "'E_MACHO'" },
  E_MAKE: { test: 'test/unit/env-render.test.ts', shows: 'cannot hold a newline' },
  E_DOTENV: { test: 'test/e2e/env-formats.test.ts', shows: 'is refused' },
  E_OUTPUT_DIR: { test: 'test/unit/reproducible.test.ts', shows: "'E_OUTPUT_DIR'" },
  E_OCI: { test: 'test/unit/release-oci.test.ts', shows: '^E_OCI: --oci makes Linux images' },
  E_OCI_BASE: { test: 'test/unit/release-oci.test.ts', shows: "e.code === 'E_OCI_BASE'" },
  E_RUSTFLAGS: { test: 'test/unit/reproducible.test.ts', shows: "'E_RUSTFLAGS'" },
  E_GO: { test: 'test/unit/go-env.test.ts', shows: "e.code === 'E_GO'" },
  E_VALIDATION: { test: 'test/e2e/cli.test.ts', shows: '2 problems:' },
  E_SYSROOT_TARGET: { test: 'test/e2e/sysroot.test.ts', shows: 'names packages for aarch64-unknown-linux-musl' },
  E_SYSROOT_ARCHIVE: { test: 'test/unit/sysroot.test.ts', shows: "code('E_SYSROOT_ARCHIVE')" },
  E_SYSROOT_PACKAGE: { test: 'test/unit/sysroot.test.ts', shows: "code('E_SYSROOT_PACKAGE')" },
  E_SYSROOT_GLIBC: { test: 'test/unit/sysroot.test.ts', shows: "code('E_SYSROOT_GLIBC')" },
  E_SYSROOT_NOT_FETCHED: { test: 'test/integration/sysroot-warm.test.ts', shows: 'is not in tszig\'s cache, and --print-plan downloads nothing' },
  E_ARCHIVE_INDEX: { test: 'test/e2e/sysroot.test.ts', shows: 'expired on' },
};

/**
 * Codes in the table that no code throws yet, each with the module meant to throw it. When that
 * module starts using one, this test fails until the code is taken off this list.
 */
const PENDING: Readonly<Partial<Record<ErrorCode, string>>> = {
  E_CACHE_CORRUPT: 'the shim cache check (issue 8, item 9)',
  E_LOCK: 'src/fs/lock.ts (a lock that does not come free)',
};

/** Every `'E_…'` literal in a source file, outside the table itself. */
function codesUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const [file, text] of SRC) {
    if (file === TABLE_FILE) continue;
    for (const m of text.matchAll(/['"`](E_[A-Z0-9_]+)['"`]/g)) {
      const code = m[1] as string;
      used.set(code, [...(used.get(code) ?? []), file]);
    }
  }
  return used;
}

describe('error codes', () => {
  const used = codesUsed();
  const table = Object.keys(ERROR_CODES) as ErrorCode[];

  it('every code thrown is in the table', () => {
    const unknown = [...used.keys()].filter((c) => !Object.hasOwn(ERROR_CODES, c));
    assert.deepEqual(unknown, [], `codes used but not in ${TABLE_FILE}: ${unknown.map((c) => `${c} (${used.get(c)?.join(', ')})`).join('; ')}`);
  });

  it('every code in the table is thrown somewhere (or listed as pending)', () => {
    for (const code of table) {
      if (PENDING[code] !== undefined) {
        assert.ok(!used.has(code), `${code} is now thrown in ${used.get(code)?.join(', ')}: take it off PENDING and say which test provokes it`);
        continue;
      }
      assert.ok(used.has(code), `${code} is in the table but nothing throws it`);
    }
  });

  it('each code has one meaning, its own, and an exit status of 1 or 2', () => {
    const meanings = table.map((c) => ERROR_CODES[c].meaning);
    assert.equal(new Set(meanings).size, meanings.length, 'two codes share a meaning');
    for (const code of table) {
      assert.match(code, /^E_[A-Z0-9_]+$/);
      assert.ok(ERROR_CODES[code].meaning.length > 20, `${code}: say what it means`);
      assert.ok([1, 2].includes(ERROR_CODES[code].exit), code);
    }
  });

  it('each code is provoked by a test, or says why none can', () => {
    const tests = sources('test');
    for (const code of table) {
      const p = PROVOKED[code];
      if ('none' in p) {
        assert.ok(p.none.length > 10, `${code}: give the reason`);
        continue;
      }
      const text = tests.get(p.test);
      assert.ok(text !== undefined, `${code}: ${p.test} does not exist`);
      assert.ok(text.includes(p.shows), `${code}: ${p.test} no longer contains ${JSON.stringify(p.shows)}`);
    }
  });
});
