// Installing the pinned Zig from mirrors: a real HTTP server on 127.0.0.1 serves the real Zig (from
// PyPI, repacked in ziglang.org's archive layout) through the user-facing tszig.toml entry, signed
// with a test minisign key. Every case checks what the cache holds afterwards.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hostKey } from '../../src/zig/archive-name.ts';
import { e2eEnv, FIXTURES, freshDir, ok, run, runAsync } from '../support/e2e.ts';
import { sha256File, testKey, writeTarXz, ZigServer } from '../support/zig-server.ts';

function archive(): string {
  const a = process.env.TSZIG_TEST_ZIG_ARCHIVE;
  if (!a) throw new Error('TSZIG_TEST_ZIG_ARCHIVE is not set: run the suite with `npm test` (it provisions)');
  return a;
}

const HOST = 'x86_64-linux';
/** The version of the provisioned archive (the pinned zig), from its name: zig-x86_64-linux-<v>.tar.xz. */
const VERSION = /^zig-x86_64-linux-(.+)\.tar\.xz$/.exec(basename(archive()))?.[1] ?? '';
const FILE = `zig-${HOST}-${VERSION}.tar.xz`;
const V = VERSION.replaceAll('.', '\\.');

let server: ZigServer;
const key = testKey();
const otherKey = testKey();
let sha: string;

before(async () => {
  assert.equal(hostKey(), HOST, 'these tests serve an x86_64-linux zig');
  const data = readFileSync(archive());
  sha = sha256File(archive());
  server = await ZigServer.start();
  server.variant('ok', { [FILE]: { path: archive() }, [`${FILE}.minisig`]: Buffer.from(key.sign(data, FILE)) });
  server.variant('wrong-key', { [FILE]: { path: archive() }, [`${FILE}.minisig`]: Buffer.from(otherKey.sign(data, FILE)) });
  server.variant('wrong-name', {
    [FILE]: { path: archive() },
    [`${FILE}.minisig`]: Buffer.from(key.sign(data, `zig-aarch64-linux-${VERSION}.tar.xz`)),
  });
  // 1 MiB of random bytes in place of the archive, with the real archive's signature.
  server.variant('garbage', { [FILE]: randomBytes(1024 * 1024), [`${FILE}.minisig`]: Buffer.from(key.sign(data, FILE)) });
});

after(() => server.close());

/** A project whose tszig.toml names the test archive's checksum and key. */
function project(entry: Record<string, string | null> = {}): string {
  const dir = freshDir('tszig-zig-project-');
  const fields = { sha256: sha, 'minisign-key': key.publicKey, ...entry };
  writeFileSync(
    join(dir, 'tszig.toml'),
    `[zig]\nversion = "${VERSION}"\n\n[zig.hosts.${HOST}]\n${Object.entries(fields)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k} = "${v}"`)
      .join('\n')}\n`,
  );
  return dir;
}

function env(mirrors: string[], extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // No zig anywhere else (no `python3 -m ziglang` on PATH): it must come from the mirrors.
  return e2eEnv({ TSZIG_ZIG_MIRRORS: mirrors.join(','), ...extra }, { withZig: false });
}

const versionDir = (e: NodeJS.ProcessEnv): string => join(e.TSZIG_CACHE_DIR as string, 'zig', VERSION);
/** Where a project's own build is installed: a slot named by the SHA-256 that verified it, never the official one. */
const installPath = (e: NodeJS.ProcessEnv, sum = sha): string => join(versionDir(e), `${HOST}-custom-${sum.slice(0, 16)}`);
/** Where PyPI's wheel is installed: a slot of its own, so a project that turned PyPI off never sees it. */
const pypiPath = (e: NodeJS.ProcessEnv): string => join(versionDir(e), `${HOST}-pypi`);

function assertInstalled(e: NodeJS.ProcessEnv, verifiedBy: RegExp, dir = installPath(e)): void {
  assert.ok(existsSync(join(dir, 'zig')), `no zig in ${dir}`);
  const record = JSON.parse(readFileSync(join(dir, '.tszig-install.json'), 'utf8')) as { verifiedBy: string; version: string };
  assert.equal(record.version, VERSION);
  assert.match(record.verifiedBy, verifiedBy);
  assert.equal(ok(run(join(dir, 'zig'), ['version']), 'zig version').trim(), VERSION);
  assertNoLeftovers(e);
}

/** Nothing installed, and nothing half-done: no temporary directory, no lock. */
function assertNothingInstalled(e: NodeJS.ProcessEnv): void {
  const dir = versionDir(e);
  const installs = existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.') && !n.endsWith('.lock')) : [];
  assert.deepEqual(installs, [], `installs in ${dir} after a failed install`);
  assertNoLeftovers(e);
}

/** Temporary directories (hidden) and locks beside the installs. */
function leftovers(e: NodeJS.ProcessEnv): string[] {
  const dir = versionDir(e);
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('.') || n.endsWith('.lock')) : [];
}

function assertNoLeftovers(e: NodeJS.ProcessEnv): void {
  assert.deepEqual(leftovers(e), [], 'temporary files or a lock were left behind');
}

/** The modes of the cache directories tszig created, e.g. { cache: '700', zig: '700', … }. */
function cacheModes(e: NodeJS.ProcessEnv): Record<string, string> {
  const cache = e.TSZIG_CACHE_DIR as string;
  const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);
  return { cache: mode(cache), zig: mode(join(cache, 'zig')), version: mode(versionDir(e)) };
}

/** A process id that no process has any more. */
function deadPid(): number {
  const r = spawnSync('true');
  return r.pid;
}

function install(cwd: string, e: NodeJS.ProcessEnv) {
  return runAsync('tszig', ['zig', 'install'], { cwd, env: e });
}

/** A temporary directory of an install under way that holds `inside` (a path relative to it). */
function temporaryWith(e: NodeJS.ProcessEnv, inside: string): string | undefined {
  const dir = versionDir(e);
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).find((n) => n.startsWith('.') && existsSync(join(dir, n, inside)));
}

async function until(condition: () => unknown, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 2400; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`gave up waiting for ${what}`);
}

describe('tszig zig install', () => {
  it('downloads, verifies and installs into private directories whatever the umask; a second run makes no request', async () => {
    const e = env([server.mirror('good')]);
    rmSync(e.TSZIG_CACHE_DIR as string, { recursive: true });
    const cwd = project();
    const first = await runAsync('sh', ['-c', 'umask 000 && exec tszig zig install'], { cwd, env: e });
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(cacheModes(e), { cache: '700', zig: '700', version: '700' });
    assert.equal(first.stdout, `${join(installPath(e), 'zig')}\n`);
    assert.match(first.stderr, new RegExp(`downloading zig-x86_64-linux-${V}\\.tar\\.xz from 127\\.0\\.0\\.1`));
    assert.match(first.stderr, new RegExp(`installed zig ${V} .*verified by sha256 \\+ minisign`));
    assertInstalled(e, /^sha256 \+ minisign \(the key in .*tszig\.toml \[zig\.hosts\.x86_64-linux\]\)$/);
    const seen = server.requests.length;
    const second = await install(cwd, e);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(server.requests.length, seen, 'the second run made requests');
    const which = await runAsync('tszig', ['zig', 'which'], { cwd, env: e });
    assert.equal(which.stdout, first.stdout);
    assert.match(which.stderr, new RegExp(`zig ${V} from tszig's cache`));
    assert.match(ok(run('tszig', ['zig', 'list'], { cwd, env: e }), 'list'), new RegExp(`${V} {2}x86_64-linux {2}.*\\n {4}verified by sha256 \\+ minisign`));

    // Another project on the same machine wants the official release: the first project's own
    // build, checked only against its own SHA-256, is not that, and is neither found nor replaced.
    const elsewhere = freshDir('tszig-no-project-');
    const other = await runAsync('tszig', ['zig', 'which'], { cwd: elsewhere, env: e });
    assert.equal(other.status, 1, other.stderr);
    assert.match(other.stderr, new RegExp(`no zig ${V} found`));
    const official = await install(elsewhere, { ...e, TSZIG_ZIG_PYPI: '0' });
    assert.equal(official.status, 1, official.stderr);
    assert.match(official.stderr, /signed by key [0-9a-f]{16}, not the expected key 863aad8d55e700d9/);
    assert.equal((await runAsync('tszig', ['zig', 'which'], { cwd, env: e })).stdout, first.stdout);
    assertInstalled(e, /minisign/);
  });

  it('a wrong SHA-256 is refused and nothing is installed', async () => {
    const e = env([server.mirror('good'), server.mirror('good', 'ok')]);
    const r = await install(project({ sha256: 'a'.repeat(64) }), e);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`could not install zig ${V} for x86_64-linux\\. Tried:`));
    assert.match(r.stderr, /SHA-256 mismatch: got [0-9a-f]{64}, expected a{64}/);
    assertNothingInstalled(e);
  });

  it('a valid signature by another key is refused', async () => {
    const e = env([server.mirror('good', 'wrong-key')]);
    const r = await install(project(), e);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /signed by key [0-9a-f]{16}, not the expected key [0-9a-f]{16}/);
    assertNothingInstalled(e);
  });

  it('a signature made for another file is refused', async () => {
    const e = env([server.mirror('good', 'wrong-name')]);
    const r = await install(project(), e);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`the signature is for zig-aarch64-linux-${V}\\.tar\\.xz, not zig-x86_64-linux-${V}\\.tar\\.xz`));
    assertNothingInstalled(e);
  });

  it('all mirrors bad: an error naming every attempt, nothing installed', async () => {
    const e = env([server.mirror('404'), server.mirror('reset'), server.mirror('good', 'wrong-key')]);
    const r = await install(project(), e);
    assert.equal(r.status, 1);
    const tried = r.stderr.slice(r.stderr.indexOf('Tried:'));
    assert.equal((tried.match(/\n {2}- 127\.0\.0\.1:\d+: /g) ?? []).length, 3, tried);
    assert.match(tried, /PyPI: not tried \(.*tszig\.toml \[zig\.hosts\.x86_64-linux\] names your own zig build\)/);
    assert.match(r.stderr, /hint: /);
    assertNothingInstalled(e);
  });

  it('processes killed mid-download, then while tar unpacks: the next run, started at once, installs', async () => {
    const e = env([server.mirror('slow')]);
    const cwd = project();
    const killWhen = async (mirror: string, ready: () => unknown, what: string): Promise<void> => {
      const child = spawn('tszig', ['zig', 'install'], { cwd, env: { ...e, TSZIG_ZIG_MIRRORS: mirror }, stdio: 'ignore' });
      await until(ready, what);
      // Without a chance to clean up; tar, had it been started, is still running for a moment.
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
    };
    await killWhen(server.mirror('slow'), () => temporaryWith(e, FILE), 'the download to start');
    assert.ok(temporaryWith(e, FILE), 'the killed run left no partial download to recover from');
    assert.ok(!existsSync(installPath(e)));
    await killWhen(server.mirror('good'), () => temporaryWith(e, join('x', `zig-${HOST}-${VERSION}`, 'lib')), 'the unpacking to start');
    const r = await install(cwd, { ...e, TSZIG_ZIG_MIRRORS: server.mirror('good') });
    assert.equal(r.status, 0, r.stderr);
    assertInstalled(e, /minisign/);
  });

  it('every kind of bad mirror is left for the next: errors, resets, wrong bytes, silence, a trickle', { timeout: 300_000 }, async () => {
    // Wrong bytes come from servers that close the connection after the body, which made undici crash.
    const garbage = Array.from({ length: 3 }, () => server.mirror('close', 'garbage'));
    const bad = ['404', '500', 'reset', 'truncate', 'stall', 'trickle'] as const;
    const e = env([...bad.slice(0, 4).map((b) => server.mirror(b)), ...garbage, ...bad.slice(4).map((b) => server.mirror(b)), server.mirror('good')], { TSZIG_HTTP_TIMEOUT: '2' });
    const r = await install(project(), e);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /AssertionError|unexpected failure/);
    const why = [/HTTP 404/, /HTTP 500/, /connection reset/, /truncated|interrupted/, /timed out/, /too slow/];
    for (const re of why) assert.match(r.stderr, new RegExp(`${re.source}[^\\n]*; trying the next source`));
    assert.equal((r.stderr.match(/SHA-256 mismatch: got [0-9a-f]{64}, expected [0-9a-f]{64}; trying the next source/g) ?? []).length, 3, r.stderr);
    assertInstalled(e, /minisign/);
  });

  it('prune leaves an install under way alone, and removes what dead runs left', async () => {
    const e = env([server.mirror('gate')]);
    const cwd = project();
    // What a run killed long ago left behind for another host: its lock and its temporary directory.
    const dead = join(versionDir(e), 'aarch64-linux.lock');
    mkdirSync(dead, { recursive: true });
    writeFileSync(join(dead, 'owner.json'), JSON.stringify({ pid: deadPid(), host: hostname() }));
    mkdirSync(join(versionDir(e), '.aarch64-linux.tmp-abc123'));
    const child = runAsync('tszig', ['zig', 'install'], { cwd, env: e });
    await until(() => server.waiting() > 0 && temporaryWith(e, FILE), 'the download to start');
    const underWay = temporaryWith(e, FILE) ?? '';
    const pruned = await runAsync('tszig', ['zig', 'prune'], { cwd, env: e });
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.ok(existsSync(join(versionDir(e), underWay, FILE)), `prune removed ${underWay}, which a live install is writing`);
    assert.ok(!existsSync(dead), 'prune left a dead run’s lock');
    assert.ok(!existsSync(join(versionDir(e), '.aarch64-linux.tmp-abc123')), 'prune left a dead run’s temporary directory');
    server.release();
    const r = await child;
    assert.equal(r.status, 0, r.stderr);
    assertInstalled(e, /minisign/);
  });

  it('8 processes starting at once on an empty cache download once and all succeed', async () => {
    const e = env([server.mirror('good')]);
    const cwd = project();
    const before = server.archiveRequests(FILE);
    const runs = Array.from({ length: 8 }, () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const c = spawn('tszig', ['zig', 'install'], { cwd, env: e });
        let out = '';
        let err = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        c.on('exit', (code) => resolve({ code, out, err }));
      }),
    );
    const results = await Promise.all(runs);
    for (const r of results) {
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `${join(installPath(e), 'zig')}\n`);
    }
    assert.equal(server.archiveRequests(FILE) - before, 1, 'more than one download');
    assertInstalled(e, /minisign/);
  });

  it('an archive with an entry escaping its directory is rejected before anything is written', async () => {
    const dir = freshDir('tszig-evil-');
    const evil = join(dir, FILE);
    const top = `zig-${HOST}-${VERSION}`;
    writeTarXz(evil, [
      { name: `${top}/`, type: 'dir' },
      { name: `${top}/zig`, data: `#!/bin/sh\necho ${VERSION}\n` },
      { name: `${top}/../../escaped`, data: 'owned\n' },
    ]);
    server.variant('evil', { [FILE]: { path: evil } });
    const e = env([server.mirror('good', 'evil')]);
    const r = await install(project({ sha256: sha256File(evil), 'minisign-key': null }), e);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`archive entry "zig-x86_64-linux-${V}/\\.\\./\\.\\./escaped" escapes the target directory`));
    assertNothingInstalled(e);
    const versionDir = join(e.TSZIG_CACHE_DIR as string, 'zig', VERSION);
    assert.ok(!existsSync(join(versionDir, '..', 'escaped')) && !existsSync(join(versionDir, 'escaped')), 'an escaping entry was written');
  });

  it('when every mirror fails, PyPI’s ziglang wheel is the fallback, unless switched off', async () => {
    const cwd = freshDir('tszig-no-project-');
    const off = env([server.mirror('404')], { TSZIG_ZIG_PYPI: '0' });
    const refused = await install(cwd, off);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /PyPI: switched off \(TSZIG_ZIG_PYPI=0\)/);
    assertNothingInstalled(off);

    const e = env([server.mirror('404')]);
    const r = await install(cwd, e);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /came from PyPI's ziglang wheel: its integrity rests on PyPI, not on the ZSF signature/);
    assertInstalled(e, /^PyPI \(pip\)$/, pypiPath(e));
    // A project that switched PyPI off does not take PyPI's zig from the cache either.
    const strict = freshDir('tszig-no-pypi-');
    writeFileSync(join(strict, 'tszig.toml'), '[zig]\npypi = false\n');
    const which = await runAsync('tszig', ['zig', 'which'], { cwd: strict, env: e });
    assert.equal(which.status, 1, which.stderr);
    assert.equal((await runAsync('tszig', ['zig', 'which'], { cwd, env: e })).stdout, `${join(pypiPath(e), 'zig')}\n`);
  });
});

describe('cargo tszig on a machine with no zig', () => {
  it('fetches the pinned zig once and builds', async () => {
    const dir = project();
    cpSync(join(FIXTURES, 'hello-cc'), join(dir, 'crate'), { recursive: true, filter: (s) => !s.includes('/target') });
    const e = env([server.mirror('good')]);
    const targetDir = freshDir('tszig-nozig-');
    const r = await runAsync('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--target-dir', targetDir], { cwd: join(dir, 'crate'), env: e });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`installed zig ${V}`));
    assertInstalled(e, /minisign/);
    assert.match(ok(run(join(targetDir, 'x86_64-unknown-linux-gnu', 'debug', 'hello-cc'), []), 'run'), /^c\+\+: hello from zig$/m);
    const again = await runAsync('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--target-dir', targetDir], { cwd: join(dir, 'crate'), env: e });
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /installed zig|downloading/);
  });
});

