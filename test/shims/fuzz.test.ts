// Seeded argv fuzzing: random argument vectors through the sh shim (under dash, and under bash in a
// UTF-8 locale) and the compiled launcher, each checked against an independent model of the rule
// table (test/support/rule-model.ts): what zig receives, byte for byte, the exit status, and the
// response-file copies. A C driver runs each batch (Node cannot pass arbitrary bytes in argv), and
// the recording zig appends every call to one file.
//
// TSZIG_FUZZ_VECTORS sets the vectors per shim kind (default 2000; `npm run fuzz` runs 100,000),
// TSZIG_FUZZ_SEED the seed (default: a new one each run, printed on failure).

import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { CALL_RULES, RULES, type RuleContext } from '../../src/shims/rules.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { Gen, random, vectors, type Vector } from '../support/fuzz-vectors.ts';
import { LINK_CHECK_PASSED, LINK_CHECK_REFUSED, modelCall, type ModelResult, type ModelShim } from '../support/rule-model.ts';
import { recorderPath } from '../support/recorder.ts';
import { writeShim, type Runner } from '../support/shim-harness.ts';

const perKind = Number(process.env.TSZIG_FUZZ_VECTORS ?? 2000);
const seed = process.env.TSZIG_FUZZ_SEED ? Number(process.env.TSZIG_FUZZ_SEED) : (Math.random() * 2 ** 32) >>> 0;
const work = mkdtempSync(join(tmpdir(), 'tszig-fuzz-'));

/** Shims to fuzz: together their rule sets hold every rule and call rule (checked below). */
const SHIMS: readonly { target: string; zigVersion: string; role: 'cc' | 'c++'; siteArgs?: string[] }[] = [
  { target: 'aarch64-unknown-linux-gnu.2.17', zigVersion: '0.15.2', role: 'cc', siteArgs: ['-isystem', '/sys root/$(id)/`x`', "it's", '\xff'] },
  { target: 'aarch64-apple-darwin', zigVersion: '0.15.2', role: 'cc' },
  // Like tszig's own macOS shims, with a stub directory after the caller's arguments (here one that does not exist).
  { target: 'x86_64-apple-darwin', zigVersion: '0.17.1', role: 'c++', siteArgs: ['-L/nonexistent/tszig stubs'] },
  { target: 'armv7-unknown-linux-gnueabihf', zigVersion: '0.17.1', role: 'cc' },
  { target: 'arm-unknown-linux-gnueabihf', zigVersion: '0.15.2', role: 'c++' },
  { target: 'riscv64gc-unknown-linux-gnu', zigVersion: '0.15.2', role: 'cc' },
  { target: 'x86_64-unknown-linux-musl', zigVersion: '0.16.0', role: 'cc' },
  { target: 'i686-pc-windows-gnu', zigVersion: '0.16.0', role: 'cc' },
  { target: 'i686-unknown-linux-musl', zigVersion: '0.17.1', role: 'c++' },
  { target: 'x86_64-unknown-freebsd', zigVersion: '0.15.2', role: 'cc', siteArgs: ['-L/usr/local/lib'] },
  { target: 'powerpc64le-unknown-linux-gnu', zigVersion: '0.14.1', role: 'cc' },
];

const RUNNERS: readonly Runner[] = ['dash', 'bash', 'launcher'];

let driver: string | undefined;
function driverPath(): string {
  if (!driver) {
    driver = join(work, 'fuzz-driver');
    execFileSync('cc', ['-O1', '-o', driver, fileURLToPath(new URL('../support/fuzz-driver.c', import.meta.url))]);
  }
  return driver;
}

const which = (name: string): string => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();

interface Run {
  readonly status: string;
  readonly calls: string[][];
  readonly stderr: string;
}

/** Runs the vectors through `program prefix…` with the C driver; one Run per vector. */
async function runBatch(program: string, prefix: string[], batch: readonly Vector[], dir: string, env: NodeJS.ProcessEnv): Promise<Run[]> {
  const input = join(dir, 'vectors');
  const record = join(dir, 'record');
  const errors = join(dir, 'errors');
  writeFileSync(input, Buffer.from(batch.map((v) => [String(v.args.length), ...v.args].map((f) => `${f}\0`).join('')).join(''), 'latin1'));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(driverPath(), [input, record, errors, program, ...prefix], { env: { ...env, TSZIG_RECORD: record }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fuzz driver exited ${code}`))));
  });
  const fields = readFileSync(record).toString('latin1').split('\0');
  const stderrs = readFileSync(errors).toString('latin1').split('\0');
  const runs: Run[] = [];
  let calls: string[][] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const f = fields[i] as string;
    if (f.startsWith('S') || f.startsWith('K')) {
      runs.push({ status: f, calls, stderr: stderrs[runs.length] ?? '' });
      calls = [];
      i++;
    } else {
      const n = Number(f);
      calls.push(fields.slice(i + 1, i + 1 + n));
      i += 1 + n;
    }
  }
  assert.equal(runs.length, batch.length, 'the driver ran every vector');
  return runs;
}

const show = (s: string): string => JSON.stringify(s).replace(/[\u007f-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);

/** The differences between what the model predicts and what a shim did, if any. */
function compare(want: ModelResult, got: Run): string | undefined {
  if (got.status !== `S${want.status}`) return `exit ${got.status}, model S${want.status}; stderr ${show(got.stderr)}`;
  if (want.call === undefined) {
    if (got.calls.length !== 0) return `zig ran (${got.calls[0]?.map(show).join(' ')}), the model says it does not`;
    if (!got.stderr.startsWith(want.stderrPrefix ?? 'tszig: ')) return `stderr ${show(got.stderr)}, model ${show(want.stderrPrefix ?? '')}…`;
    return undefined;
  }
  if (got.calls.length !== 1) return `${got.calls.length} zig calls; stderr ${show(got.stderr)}`;
  const call = got.calls[0] as string[];
  const n = Math.max(call.length, want.call.length);
  for (let i = 0; i < n; i++) {
    if (call[i] !== want.call[i]) return `argument ${i}: ${call[i] === undefined ? '(none)' : show(call[i] as string)}, model ${want.call[i] === undefined ? '(none)' : show(want.call[i] as string)}`;
  }
  for (const [path, text] of want.copies) {
    const copy = existsSync(path) ? readFileSync(path).toString('latin1') : undefined;
    if (copy !== text) return `response-file copy ${path}: ${copy === undefined ? '(missing)' : show(copy)}, model ${show(text)}`;
  }
  return undefined;
}

describe(`argv fuzzing against the rule model (${perKind} vectors per shim kind, seed ${seed})`, () => {
  const hits = new Set<string>();
  const perShim = Math.ceil(perKind / SHIMS.length);
  const dash = which('dash');
  const bash = which('bash');

  for (const [index, s] of SHIMS.entries()) {
    it(`${s.target} ${s.role} (zig ${s.zigVersion})`, async () => {
      const target = parseTarget(s.target, { glibcMax: '2.42', zigVersion: s.zigVersion });
      const ctx: RuleContext = { spec: target.spec, glibc: target.glibc, zigVersion: s.zigVersion };
      // The site file is written as UTF-8; the model sees its bytes.
      const siteBytes = (s.siteArgs ?? []).map((a) => Buffer.from(a, 'utf8').toString('latin1'));
      const model: ModelShim = { target, zigVersion: s.zigVersion, role: s.role, siteArgs: siteBytes };
      const failures: string[] = [];
      // Vectors are made in chunks, each runner with its own copy (the same seed gives the same
      // vectors; response files live in each runner's directory), the three runners at once.
      const chunk = 500;
      for (let start = 0; start < perShim; start += chunk) {
        const count = Math.min(chunk, perShim - start);
        await Promise.all(
          RUNNERS.map(async (runner) => {
            const dir = join(work, `${index}-${start}-${runner}`);
            mkdirSync(dir, { recursive: true });
            const batch = vectors(new Gen(random(seed + index * 1_000_003 + start)), ctx, count, join(dir, 'rsp'));
            const shim = await writeShim(runner, s.target, { role: s.role, zigVersion: s.zigVersion, siteArgs: s.siteArgs });
            const env = { PATH: process.env.PATH ?? '', ...(runner === 'bash' ? { LC_ALL: 'C.UTF-8' } : {}) };
            const t0 = Date.now();
            const runs =
              runner === 'launcher' ? await runBatch(shim, [], batch, dir, env) : await runBatch(runner === 'dash' ? dash : bash, [shim], batch, dir, env);
            if (process.env.TSZIG_FUZZ_TIMES) process.stderr.write(`${runner} ${Date.now() - t0} ms\n`);
            batch.forEach((v, i) => {
              const problem = compare(modelCall(model, v.args, hits), runs[i] as Run);
              if (problem && failures.length < 5) failures.push(`${runner}, vector ${start + i}: ${problem}\n    args: ${v.args.map(show).join(' ')}`);
            });
            rmSync(dir, { recursive: true, force: true });
          }),
        );
      }
      assert.deepEqual(failures, [], `TSZIG_FUZZ_SEED=${seed} reproduces this:\n${failures.join('\n')}`);
    });
  }

  it('the vectors reach every rule and call rule', () => {
    const missed = [...RULES, ...CALL_RULES].map((r) => r.id).filter((id) => !hits.has(id));
    assert.deepEqual(missed, [], `no fuzz vector matched ${missed.join(', ')} (seed ${seed}): extend SHIMS or test/support/fuzz-vectors.ts`);
  });

  it('the vectors reach both outcomes of the macOS link check', () => {
    const missed = [LINK_CHECK_PASSED, LINK_CHECK_REFUSED].filter((outcome) => !hits.has(outcome));
    assert.deepEqual(missed, [], `no fuzz vector reached ${missed.join(', ')} (seed ${seed}): extend the link lines in test/support/fuzz-vectors.ts`);
  });
});

// The recorder must exist before the shims are written (they name it as zig).
recorderPath();
