// The installed `tszig` and `cargo-tszig` bins as users meet them: help, plans, `tszig env` with
// plain cargo, every bad input (clear message, non-zero exit, nothing half-written), cargo's exit
// code and Ctrl-C passed through.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { e2eEnv, FIXTURES, freshDir, highestGlibc, ok, run, versionAtMost } from '../support/e2e.ts';
import { debianToolchain, testZig } from '../support/toolchain.ts';
import { PINNED_ZIG_VERSION } from '../../src/zig/pin.ts';

/** The pinned zig's version and newest glibc, as regular-expression text. */
const PIN = PINNED_ZIG_VERSION.replaceAll('.', '\\.');
const PIN_GLIBC = '2\\.44';

const HELLO = join(FIXTURES, 'hello-cc');

function cacheOf(env: NodeJS.ProcessEnv): string {
  return env.TSZIG_CACHE_DIR as string;
}

/** Nothing half-written: a failed run leaves no shims behind. */
function assertNoShims(env: NodeJS.ProcessEnv): void {
  const cache = cacheOf(env);
  assert.ok(!existsSync(cache) || !readdirSync(cache).includes('shims'), `shims written to ${cache} by a failed run`);
}

describe('help and version', () => {
  it('cargo tszig --help and tszig --help describe the commands', () => {
    const env = e2eEnv();
    const cargoHelp = ok(run('cargo', ['tszig', '--help'], { env }), 'cargo tszig --help');
    for (const s of ['Usage:', '--print-plan', '--dist <dir>', '--no-archive', '--oci <dir>', '--oci-base <dir>[:<ref>]', '--reproducible', '--no-reproducible', 'SOURCE_DATE_EPOCH', '--zig <path>', 'CARGO_TARGET_<T>_LINKER', 'CARGO_TARGET_<T>_RUNNER', 'CMAKE_TOOLCHAIN_FILE_<t>', 'TSZIG_CACHE_DIR', 'Exit status']) assert.ok(cargoHelp.includes(s), s);
    assert.match(ok(run('cargo', ['tszig'], { env }), 'cargo tszig'), /Usage:/);
    assert.match(ok(run('cargo', ['tszig', '--version'], { env }), 'version'), new RegExp(`^cargo-tszig \\d+\\.\\d+\\.\\d+ \\(zig ${PIN} pinned\\)$`, 'm'));
    const help = ok(run('tszig', ['--help'], { env }), 'tszig --help');
    assert.match(help, /env +Print the environment/);
    assert.match(help, /targets +List the supported/);
    assert.match(ok(run('tszig', ['env', '--help'], { env }), 'tszig env --help'), /--format <format> +Output format: sh, fish, powershell, make, json, github, dotenv/);
    assert.match(ok(run('tszig', ['env', '--help'], { env }), 'tszig env --help'), /--go +With one target: what `go build` needs for cgo/);
    assert.match(ok(run('tszig', ['targets'], { env }), 'tszig targets'), /aarch64-unknown-linux-gnu +aarch64-linux-gnu/);
  });

  it('a cargo subcommand’s own --help is cargo’s', () => {
    assert.match(ok(run('cargo', ['tszig', 'build', '--help'], { env: e2eEnv() }), 'build --help'), /Compile a local package/);
  });
});

describe('plans', () => {
  it('--print-plan shows the cargo command with the suffix stripped and the env, and builds nothing', () => {
    const env = e2eEnv();
    const targetDir = freshDir('tszig-plan-');
    const out = ok(run('cargo', [`+${debianToolchain()}`, 'tszig', 'build', '--target', 'aarch64-unknown-linux-gnu.2.17', '--print-plan', '--target-dir', targetDir], { cwd: HELLO, env }), 'print-plan');
    assert.match(out, new RegExp(`^# zig ${PIN}: .*ziglang/zig \\(python3 -m ziglang`, 'm'));
    assert.match(out, /^# target aarch64-unknown-linux-gnu\.2\.17: rust aarch64-unknown-linux-gnu, zig aarch64-linux-gnu\.2\.17, launcher shims$/m);
    assert.match(out, /CC_aarch64_unknown_linux_gnu=\S+\/shims\/aarch64-unknown-linux-gnu\.2\.17\/site-[0-9a-f]{12}\/zigcc-[0-9a-f]{12} \\$/m);
    assert.match(out, /CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=zigcc-[0-9a-f]{12} \\$/m);
    // rustup took `+tszig-debian` and runs us with RUSTUP_TOOLCHAIN and CARGO set; the plan reuses that cargo.
    assert.match(out, /^ {2}\S*cargo build --target aarch64-unknown-linux-gnu --target-dir \S+$/m);
    assert.doesNotMatch(out, /CARGO_TARGET_APPLIES_TO_HOST/); // aarch64 is not the host
    assert.deepEqual(readdirSync(targetDir), []);
  });

  it('targets come from CARGO_BUILD_TARGET, then cargo config; none means plain cargo', () => {
    const project = freshDir('tszig-config-project-');
    cpSync(HELLO, project, { recursive: true, filter: (src) => !src.includes('/target') });
    const plan = (env: NodeJS.ProcessEnv) => ok(run('cargo', ['tszig', 'build', '--print-plan', '--release'], { cwd: project, env }), 'plan');
    assert.match(plan(e2eEnv()), /# no target: plain cargo, zig not used\n\S*cargo build --release\n$/);
    mkdirSync(join(project, '.cargo'));
    writeFileSync(join(project, '.cargo', 'config.toml'), '[build]\ntarget = ["aarch64-unknown-linux-gnu.2.17", "armv7-unknown-linux-gnueabihf"]\n');
    const fromConfig = plan(e2eEnv({ RUSTUP_TOOLCHAIN: debianToolchain() }));
    assert.match(fromConfig, /cargo build --release --target aarch64-unknown-linux-gnu --target armv7-unknown-linux-gnueabihf\n$/);
    assert.match(fromConfig, /CC_armv7_unknown_linux_gnueabihf=/);
    const fromEnv = plan(e2eEnv({ RUSTUP_TOOLCHAIN: debianToolchain(), CARGO_BUILD_TARGET: 'aarch64-unknown-linux-gnu.2.28' }));
    assert.match(fromEnv, /zig aarch64-linux-gnu\.2\.28/);
    assert.match(fromEnv, /cargo build --release --target aarch64-unknown-linux-gnu\n$/);
  });

  it('TSZIG_SHIM picks the shim kind; a bad value is a usage error', () => {
    const plan = (shim: string) => run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--print-plan'], { cwd: HELLO, env: e2eEnv({ TSZIG_SHIM: shim }) });
    assert.match(ok(plan('sh'), 'sh'), /, sh shims$/m);
    assert.match(ok(plan('launcher'), 'launcher'), /, launcher shims$/m);
    const bad = plan('perl');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /TSZIG_SHIM=perl is not a shim kind/);
  });

  it('tszig.toml [shims] kind and zig.path; a flag beats the environment, which beats the file', () => {
    const project = freshDir('tszig-project-file-');
    cpSync(HELLO, project, { recursive: true, filter: (src) => !src.includes('/target') });
    mkdirSync(join(project, 'tools'));
    symlinkSync(testZig(), join(project, 'tools', 'zig'));
    writeFileSync(join(project, 'tszig.toml'), '[zig]\npath = "tools/zig"\n\n[shims]\nkind = "sh"\n');
    const plan = (extra: string[], env: Record<string, string> = {}) =>
      ok(run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--print-plan', ...extra], { cwd: join(project, 'src'), env: e2eEnv(env) }), 'plan');
    const fromFile = plan([]);
    assert.match(fromFile, /, sh shims$/m);
    assert.match(fromFile, new RegExp(`^# zig ${PIN}: ${join(project, 'tools', 'zig')} \\(zig\\.path in ${join(project, 'tszig.toml')}\\)$`, 'm'));
    const fromEnv = plan([], { TSZIG_SHIM: 'launcher', TSZIG_ZIG: testZig() });
    assert.match(fromEnv, /, launcher shims$/m);
    assert.match(fromEnv, /\(TSZIG_ZIG=/);
    assert.match(plan(['--zig', testZig()], { TSZIG_ZIG: join(project, 'nowhere') }), /\(--zig /);
  });

  it('a value the user set wins and is reported', () => {
    const env = e2eEnv({ RUSTUP_TOOLCHAIN: debianToolchain(), CC_aarch64_unknown_linux_gnu: '/usr/bin/my-cc' });
    const out = ok(run('cargo', ['tszig', 'build', '--target', 'aarch64-unknown-linux-gnu', '--print-plan'], { cwd: HELLO, env }), 'plan');
    assert.match(out, /# {3}CC_aarch64_unknown_linux_gnu not set: the user's CC_aarch64_unknown_linux_gnu wins/);
    assert.doesNotMatch(out, /CC_aarch64_unknown_linux_gnu=/);
  });

  it('no target: a plain cargo run, even of subcommands tszig does not know', () => {
    const r = run('cargo', ['tszig', 'metadata', '--format-version', '1', '--no-deps'], { cwd: HELLO, env: e2eEnv() });
    const meta = JSON.parse(ok(r, 'metadata')) as { packages: { name: string }[] };
    assert.equal(meta.packages[0]?.name, 'hello-cc');
  });
});

describe('tszig env', () => {
  it('eval "$(tszig env …)" then plain cargo cross-builds', () => {
    const targetDir = freshDir('tszig-env-build-');
    const env = e2eEnv({ RUSTUP_TOOLCHAIN: debianToolchain() });
    const script = `set -e; eval "$(tszig env --target aarch64-unknown-linux-gnu.2.17)"; cargo build --target aarch64-unknown-linux-gnu --target-dir '${targetDir}'`;
    ok(run('sh', ['-c', script], { cwd: HELLO, env }), 'eval + cargo build');
    const bin = join(targetDir, 'aarch64-unknown-linux-gnu', 'debug', 'hello-cc');
    assert.match(ok(run('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', bin]), 'run'), /^c\+\+: hello from zig$/m);
    assert.ok(versionAtMost(highestGlibc(bin) ?? '9', '2.17'));
  });

  it('prints only exports on stdout, and JSON on request', () => {
    const env = e2eEnv();
    const sh = run('tszig', ['env', '--target', 'armv7-unknown-linux-gnueabihf', '--target', 'x86_64-unknown-linux-gnu.2.28'], { env });
    assert.equal(sh.status, 0, sh.stderr);
    const lines = sh.stdout.trimEnd().split('\n');
    // Per target: CC, CXX, AR, RANLIB, the CMake toolchain, bindgen's arguments, the linker; and
    // armv7's qemu runner (x86_64 runs natively); then PATH with both shim directories first.
    assert.equal(lines.length, 16);
    for (const l of lines) assert.match(l, /^export ([A-Z_]+_[A-Za-z0-9_]+|PATH)=(\S+|'[^']*')$/);
    assert.match(lines.at(-1) ?? '', /^export PATH='?[^:]+\/shims\/armv7-unknown-linux-gnueabihf\/site-[0-9a-f]{12}:[^:]+\/shims\/x86_64-unknown-linux-gnu\.2\.28\/site-[0-9a-f]{12}:/);
    assert.ok(lines.includes("export CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_RUNNER='/usr/bin/qemu-arm -L /usr/arm-linux-gnueabihf'"), sh.stdout);
    assert.equal(sh.stderr, '');
    const json = JSON.parse(ok(run('tszig', ['env', '--target', 'x86_64-unknown-linux-gnu.2.28', '--format', 'json'], { env }), 'json')) as Record<string, string>;
    assert.deepEqual(Object.keys(json), [
      'CC_x86_64_unknown_linux_gnu',
      'CXX_x86_64_unknown_linux_gnu',
      'AR_x86_64_unknown_linux_gnu',
      'RANLIB_x86_64_unknown_linux_gnu',
      'CMAKE_TOOLCHAIN_FILE_x86_64_unknown_linux_gnu',
      'BINDGEN_EXTRA_CLANG_ARGS_x86_64_unknown_linux_gnu',
      'CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER',
      'PATH',
    ]);
    assert.match(json.CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER ?? '', /^zigcc-[0-9a-f]{12}$/);
    assert.match(json.BINDGEN_EXTRA_CLANG_ARGS_x86_64_unknown_linux_gnu ?? '', /^-nostdinc .*-D__GLIBC_MINOR__=28( |$)/);
    assert.match(json.CC_x86_64_unknown_linux_gnu ?? '', /x86_64-unknown-linux-gnu\.2\.28\/site-[0-9a-f]{12}\/zigcc-/);
  });

  it('bad usage exits 2', () => {
    const env = e2eEnv();
    const none = run('tszig', ['env'], { env });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /tszig env needs at least one --target/);
    const fmt = run('tszig', ['env', '--target', 'x86_64-unknown-linux-gnu', '--format', 'yaml'], { env });
    assert.equal(fmt.status, 2);
    assert.match(fmt.stderr, /unknown --format yaml[\s\S]*use one of: sh, fish, powershell, make, json, github, dotenv/);
    assert.equal(fmt.stdout, '');
  });
});

describe('tszig ci-cache', () => {
  it('prints the cache key and paths for GitHub without zig, shims or downloads; needs a target', () => {
    const env = e2eEnv({}, { withZig: false });
    const out = ok(run('tszig', ['ci-cache', '--format', 'github', '--target', 'aarch64-unknown-linux-gnu.2.17', '--target', 'x86_64-unknown-linux-musl'], { env }), 'tszig ci-cache');
    // Both caches (zig's is apart from tszig's here): a multi-line value, in $GITHUB_ENV's heredoc form.
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^TSZIG_CACHE_KEY=tszig-1-x86_64-linux-zig-${PIN}-[0-9a-f]{16}$`));
    assert.equal(lines[1], `TSZIG_CACHE_RESTORE_KEY=tszig-1-x86_64-linux-zig-${PINNED_ZIG_VERSION}-`);
    const eof = /^TSZIG_CACHE_PATHS<<(TSZIG_EOF_[0-9a-f]+)$/.exec(lines[2] ?? '')?.[1];
    assert.ok(eof, out);
    assert.deepEqual(lines.slice(3), [cacheOf(env), env.ZIG_GLOBAL_CACHE_DIR, eof]);
    assert.deepEqual(readdirSync(cacheOf(env)), [], 'ci-cache wrote into the cache');
    const none = run('tszig', ['ci-cache'], { env });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /needs at least one --target/);
  });
});

describe('bad input', () => {
  const cases: { name: string; args: string[]; status: number; stderr: RegExp[] }[] = [
    { name: 'unknown triple', args: ['--target', 'aarch64-unknown-linux-gnux'], status: 2, stderr: [/unknown or unsupported target 'aarch64-unknown-linux-gnux'/, /did you mean aarch64-unknown-linux-gnu\?/] },
    { name: 'malformed glibc suffix', args: ['--target', 'x86_64-unknown-linux-gnu.2.17.1'], status: 2, stderr: [/malformed glibc version suffix '\.2\.17\.1'/, new RegExp(`supports glibc 2\\.17 to ${PIN_GLIBC}`)] },
    { name: 'glibc too new for the pinned zig', args: ['--target', 'x86_64-unknown-linux-gnu.2.99'], status: 2, stderr: [new RegExp(`glibc 2\\.99 is outside the range zig ${PIN} supports for x86_64-unknown-linux-gnu \\(2\\.17 to ${PIN_GLIBC}\\)`)] },
    { name: 'glibc below the floor', args: ['--target', 'x86_64-unknown-linux-gnu.2.5'], status: 2, stderr: [/glibc 2\.5 is outside the range/] },
    { name: 'several problems at once', args: ['--target', 'nope-linux-gnu', '--target', 'x86_64-unknown-linux-gnu.2.99'], status: 2, stderr: [/2 problems:/, /'nope-linux-gnu'/, /glibc 2\.99/] },
    { name: 'missing target std', args: ['--target', 's390x-unknown-linux-gnu'], status: 1, stderr: [/the Rust standard library for s390x-unknown-linux-gnu is not installed/, /hint: run `rustup target add s390x-unknown-linux-gnu( --toolchain \S+)?`/] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const env = e2eEnv();
      const r = run('cargo', ['tszig', 'build', ...c.args], { cwd: HELLO, env });
      assert.equal(r.status, c.status, r.stderr);
      for (const re of c.stderr) assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --verbose');
      assert.equal(r.stdout, '');
      assertNoShims(env);
    });
  }

  it('--dist misuse: not build, no target, own --message-format', () => {
    const env = e2eEnv();
    const dist = join(freshDir('tszig-dist-bad-'), 'out');
    const cases: [string[], RegExp][] = [
      [['test', '--target', 'aarch64-unknown-linux-gnu', '--dist', dist], /--dist works with build, not test/],
      [['build', '--dist', dist], /--dist needs at least one target[\s\S]*add --target TRIPLE/],
      [['build', '--target', 'aarch64-unknown-linux-gnu', '--message-format=short', '--dist', dist], /cannot be combined with --message-format/],
      [['build', '--target', 'x86_64-unknown-linux-gnu.2.17', '--target', 'x86_64-unknown-linux-gnu.2.28', '--dist', dist], /are the same Rust target x86_64-unknown-linux-gnu/],
      [['build', '--target', 'aarch64-unknown-linux-gnu', '--dist'], /--dist needs a value/],
    ];
    for (const [args, message] of cases) {
      const r = run('cargo', ['tszig', ...args], { cwd: HELLO, env });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.ok(!existsSync(dist), 'dist directory created by a refused run');
  });

  it('missing zig (and no way to download it) lists what was tried and how to get it', () => {
    const env = e2eEnv({ TSZIG_ZIG_MIRRORS: 'http://127.0.0.1:9', TSZIG_ZIG_PYPI: '0' }, { withZig: false });
    const r = run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17'], { cwd: HELLO, env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`no zig ${PIN} found \\(wanted by tszig's pin\\)\\. Tried:`));
    assert.match(r.stderr, /python3 -m ziglang: /);
    assert.match(r.stderr, new RegExp(`download: could not install zig ${PIN} for x86_64-linux\\. Tried:\\n\\s+- 127\\.0\\.0\\.1:9: connection refused\\n\\s+- PyPI: switched off`));
    assert.match(r.stderr, new RegExp(`hint: \`tszig zig install ${PIN}\` downloads it`));
    assertNoShims(env);
    assert.ok(!existsSync(join(env.TSZIG_CACHE_DIR as string, 'zig', PINNED_ZIG_VERSION, 'x86_64-linux')));
  });

  it('tszig.toml can name the mirrors and switch PyPI off; TSZIG_ZIG_PYPI and TSZIG_ZIG_MIRRORS win over it', () => {
    const project = freshDir('tszig-pypi-off-');
    writeFileSync(join(project, 'tszig.toml'), '[zig]\nmirrors = ["http://127.0.0.1:9/zig"]\npypi = false\n');
    const env = e2eEnv({}, { withZig: false });
    const r = run('tszig', ['zig', 'install'], { cwd: project, env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /- 127\.0\.0\.1:9: connection refused\n\s+- PyPI: switched off \(zig\.pypi = false in tszig\.toml\)/);
    const overridden = run('tszig', ['zig', 'install'], { cwd: project, env: { ...env, TSZIG_ZIG_MIRRORS: 'http://127.0.0.1:7', TSZIG_ZIG_PYPI: '0' } });
    assert.match(overridden.stderr, /- 127\.0\.0\.1:7: connection refused\n\s+- PyPI: switched off \(TSZIG_ZIG_PYPI=0\)/);
    assert.doesNotMatch(overridden.stderr, /127\.0\.0\.1:9/);
  });

  it('--zig pointing nowhere', () => {
    const env = e2eEnv();
    const r = run('cargo', ['tszig', 'build', '--zig', '/nope/zig', '--target', 'x86_64-unknown-linux-gnu.2.17'], { cwd: HELLO, env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--zig \/nope\/zig: no zig binary at \/nope\/zig/);
    assertNoShims(env);
  });

  it('unwritable cache dir', () => {
    const env = e2eEnv({ TSZIG_CACHE_DIR: '/etc/hostname/tszig' });
    const r = run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17'], { cwd: HELLO, env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot create shim directory \/etc\/hostname\/tszig\/shims\/x86_64-unknown-linux-gnu\.2\.17: ENOTDIR/);
    assert.match(r.stderr, /hint: set TSZIG_CACHE_DIR to a writable directory/);
  });

  it('--verbose adds the stack trace', () => {
    const r = run('cargo', ['tszig', 'build', '-v', '--target', 'nope-linux-gnu'], { cwd: HELLO, env: e2eEnv() });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /UnsupportedTargetError[\s\S]*\n\s+at /);
  });
});

describe("cargo's outcome passes through", () => {
  it("a failing build exits with cargo's code", () => {
    const project = freshDir('tszig-broken-');
    cpSync(join(FIXTURES, 'sleeper'), project, { recursive: true });
    writeFileSync(join(project, 'src', 'main.rs'), 'fn main() { this is not rust }\n');
    const r = run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17'], { cwd: project, env: e2eEnv() });
    assert.equal(r.status, 101);
    assert.match(r.stderr, /error: could not compile `sleeper`/);
  });

  it('Ctrl-C stops cargo and the program, and tszig dies of the same signal', async () => {
    const project = freshDir('tszig-sleeper-');
    cpSync(join(FIXTURES, 'sleeper'), project, { recursive: true });
    const env = e2eEnv();
    ok(run('cargo', ['tszig', 'build', '--target', 'x86_64-unknown-linux-gnu.2.17'], { cwd: project, env }), 'build sleeper');
    // Like a terminal: the whole process group gets SIGINT.
    const child = spawn('cargo', ['tszig', 'run', '-q', '--target', 'x86_64-unknown-linux-gnu.2.17'], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /ready (\d+)/.exec(stdout);
        if (m) resolve(m[1] as string);
      });
      child.on('exit', () => reject(new Error(`exited before ready: ${stdout}`)));
    });
    const pid = Number(await ready);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    process.kill(-(child.pid as number), 'SIGINT');
    const result = await exited;
    assert.ok(result.signal === 'SIGINT' || result.code === 130, `exit ${JSON.stringify(result)}`);
    assert.doesNotMatch(stdout, /not interrupted/);
    assert.throws(() => process.kill(pid, 0), 'the program is still running');
  });
});
