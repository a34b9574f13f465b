// Errors people see, through the installed bins: every expected failure is a clear error with a
// hint and the right exit status (2 for usage, 1 otherwise), never "unexpected failure".

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, run } from '../support/e2e.ts';
import { debianToolchain } from '../support/toolchain.ts';

const HELLO = join(FIXTURES, 'hello-cc');
const T = 'x86_64-unknown-linux-gnu.2.17';

function expectError(r: ReturnType<typeof run>, status: number, message: RegExp): void {
  assert.equal(r.status, status, r.stderr);
  assert.match(r.stderr, message);
  assert.match(r.stderr, /^ {2}hint: \S/m, 'a hint');
  assert.doesNotMatch(r.stderr, /unexpected failure/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --verbose');
}

describe('a zig that is not a zig', () => {
  const dir = freshDir('tszig-notzig-');
  writeFileSync(join(dir, 'zig.txt'), 'a text file\n');
  mkdirSync(join(dir, 'zigdir'));
  const cases: [string, RegExp][] = [
    ['/bin/false', /error: --zig \/bin\/false: \/bin\/false is not a working zig: `zig version` failed: exit code 1/],
    [join(dir, 'zig.txt'), /is not a working zig: `zig version` failed: .*EACCES/],
    [join(dir, 'zigdir'), /no zig binary at .*zigdir/],
  ];
  for (const [zig, message] of cases) {
    it(`--zig ${zig.replace(dir, '<dir>')}: tszig env and cargo tszig say so`, () => {
      const env = e2eEnv();
      expectError(run('tszig', ['env', '--zig', zig, '--target', T], { env }), 1, message);
      expectError(run('cargo', ['tszig', 'build', '--zig', zig, '--target', T], { cwd: HELLO, env }), 1, message);
    });
  }
});

describe('usage errors exit 2', () => {
  it('an option without its value, an unknown option, a missing command', () => {
    const env = e2eEnv();
    expectError(run('tszig', ['env', '--target'], { env }), 2, /error: option '--target <triple>' value is missing/);
    expectError(run('tszig', ['env', '--target', T, '--format'], { env }), 2, /value is missing/);
    expectError(run('tszig', ['env', '--target', T, '--colour'], { env }), 2, /Unknown option '--colour'/);
    expectError(run('tszig', ['zig'], { env }), 2, /missing required args for command 'zig/);
    expectError(run('cargo', ['tszig', 'build', '--target', T, '--zig'], { cwd: HELLO, env }), 2, /--zig needs a value/);
  });

  it('tszig cc without -- refuses instead of dropping the arguments', () => {
    const r = run('tszig', ['cc', '--target', T, '-c', 'x.c'], { env: e2eEnv() });
    expectError(r, 2, /"-c" is not a tszig option; the arguments for cc go after `--`/);
    assert.match(r.stderr, /hint: e\.g\. tszig cc --target x86_64-unknown-linux-gnu\.2\.17 -- -c x\.c/);
  });
});

describe('flags mean what the help and README say', () => {
  it('-V/--version prints the version, -v/--verbose means verbose, in both CLIs', () => {
    const env = e2eEnv();
    for (const args of [['-V'], ['--version']]) {
      assert.match(run('tszig', args, { env }).stdout, /^tszig\/\d+\.\d+\.\d+ /, args[0]);
      assert.match(run('cargo', ['tszig', ...args], { env }).stdout, /^cargo-tszig \d+\.\d+\.\d+ /, args[0]);
    }
    for (const flag of ['-v', '--verbose']) {
      const r = run('tszig', [flag, 'env', '--target', 'nope-linux-gnu'], { env });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /UnsupportedTargetError[\s\S]*\n\s+at /, `${flag}: a stack trace`);
    }
    const help = run('tszig', ['--help'], { env }).stdout;
    assert.match(help, /-v, --verbose/);
    assert.match(help, /-V, --version/);
    assert.match(run('cargo', ['tszig', '--help'], { env }).stdout, /-V, --version/);
  });
});

describe('tszig.toml mistakes name the file', () => {
  const project = (text: string): string => {
    const dir = freshDir('tszig-toml-');
    writeFileSync(join(dir, 'tszig.toml'), text);
    return dir;
  };

  it('[zig.hosts] without [zig] version', () => {
    const dir = project(`[zig.hosts.x86_64-linux]\nurl = "https://files.example/zig.tar.xz"\nsha256 = "${'a'.repeat(64)}"\n`);
    expectError(run('tszig', ['zig', 'install'], { cwd: dir, env: e2eEnv() }), 2, new RegExp(`${join(dir, 'tszig.toml')}: \\[zig\\.hosts\\.x86_64-linux\\] needs \\[zig\\] version`));
  });

  it('a bad minisign-key', () => {
    const dir = project(`[zig]\nversion = "0.16.0"\n[zig.hosts.x86_64-linux]\nurl = "https://files.example/zig.tar.xz"\nsha256 = "${'a'.repeat(64)}"\nminisign-key = "RWQnotakey"\n`);
    expectError(run('tszig', ['env', '--target', T], { cwd: dir, env: e2eEnv() }), 2, new RegExp(`${join(dir, 'tszig.toml')}: zig\\.hosts\\.x86_64-linux\\.minisign-key is not a minisign public key`));
  });
});

describe('--print-plan', () => {
  it('downloads nothing: without a zig it says how to get one', () => {
    const env = e2eEnv({ TSZIG_ZIG_MIRRORS: 'http://127.0.0.1:9', TSZIG_ZIG_PYPI: '0' }, { withZig: false });
    const r = run('cargo', ['tszig', 'build', '--target', T, '--print-plan'], { cwd: HELLO, env });
    expectError(r, 1, /no zig \S+ found .*Tried:[\s\S]*- download: not tried \(this command downloads nothing\)/);
    assert.match(r.stderr, /hint: `tszig zig install \S+` downloads it/);
    assert.doesNotMatch(r.stderr, /127\.0\.0\.1:9/, 'a download was attempted');
    assert.equal(r.stdout, '');
  });

  it('builds no wine DLL: the plan names where it would go', () => {
    const env = e2eEnv();
    const plan = run('cargo', [`+${debianToolchain()}`, 'tszig', 'run', '--target', 'x86_64-pc-windows-gnu', '--print-plan'], { cwd: HELLO, env });
    assert.equal(plan.status, 0, plan.stderr);
    const winePath = /WINEPATH='?([^';]+)/.exec(plan.stdout)?.[1] ?? assert.fail(plan.stdout);
    assert.ok(winePath.startsWith(join(env.TSZIG_CACHE_DIR as string, 'wine')), winePath);
    assert.ok(!existsSync(winePath), 'the DLL was built for a plan');
    assert.doesNotMatch(plan.stderr, /building bcryptprimitives\.dll/);
  });
});
