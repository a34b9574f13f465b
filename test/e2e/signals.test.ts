// Signals sent to cargo-tszig reach cargo and everything cargo started: `kill -INT` and `kill -TERM`
// of cargo-tszig's pid (timeout(1), supervisors, IDEs) end cargo's whole process group, and
// cargo-tszig then ends the way cargo did; Ctrl-C in a real terminal still reaches cargo once.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { binPath, e2eEnv, FIXTURES, freshDir, ok, run } from '../support/e2e.ts';

const T = 'x86_64-unknown-linux-gnu.2.17';

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
}

/** Starts `command`, waits for the sleeper's "ready <pid>", then calls `interrupt`. */
async function interrupted(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, interrupt: (child: ReturnType<typeof spawn>) => void): Promise<Outcome & { sleeper: number }> {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  const exited = new Promise<Outcome>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
  const sleeper = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /ready (\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`exited before ready: ${stdout}`)));
  });
  interrupt(child);
  const outcome = await exited;
  return { ...outcome, stdout, sleeper };
}

/** Whether a process is gone (waits a little for the kernel to reap an orphan). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await sleep(100);
  }
  return false;
}

describe('signals to cargo-tszig', () => {
  const project = freshDir('tszig-signals-');
  cpSync(join(FIXTURES, 'sleeper'), project, { recursive: true, filter: (src) => !src.includes('/target') });
  const env = e2eEnv();
  const cargoTszig = [binPath('cargo-tszig'), 'tszig'];
  const prepared = (() => {
    let done = false;
    return () => {
      if (done) return;
      ok(run('cargo', ['tszig', 'build', '--target', T], { cwd: project, env }), 'build sleeper');
      ok(run('cargo', ['tszig', 'test', '--no-run', '--target', T], { cwd: project, env }), 'build its test');
      done = true;
    };
  })();

  it('kill -INT of its pid ends `cargo run` and the program; it dies of SIGINT', async () => {
    prepared();
    const r = await interrupted(process.execPath, [...cargoTszig, 'run', '-q', '--target', T], project, env, (c) => c.kill('SIGINT'));
    assert.ok(r.signal === 'SIGINT' || r.code === 130, `exit ${JSON.stringify(r)}`);
    assert.doesNotMatch(r.stdout, /not interrupted/);
    assert.ok(await gone(r.sleeper), 'the program is still running');
  });

  it("kill -TERM of its pid ends cargo and the test binary cargo started; it dies of SIGTERM", async () => {
    prepared();
    const r = await interrupted(process.execPath, [...cargoTszig, 'test', '-q', '--target', T, '--', '--nocapture'], project, env, (c) => c.kill('SIGTERM'));
    assert.ok(r.signal === 'SIGTERM' || r.code === 143, `exit ${JSON.stringify(r)}`);
    assert.ok(await gone(r.sleeper), "cargo's child (the test binary) is still running");
  });

  it('Ctrl-C in a terminal (a real pty) stops cargo and the program', async () => {
    prepared();
    // script(1) runs the command on a new pty, in the terminal's foreground; ^C written to it is
    // turned into SIGINT for the foreground process group by the terminal itself.
    const command = [process.execPath, ...cargoTszig, 'run', '-q', '--target', T].map((a) => `'${a}'`).join(' ');
    const r = await interrupted('script', ['-qefc', command, '/dev/null'], project, env, (c) => c.stdin?.write('\x03'));
    assert.ok(r.signal === 'SIGINT' || r.code === 130, `exit ${JSON.stringify(r)}`);
    assert.doesNotMatch(r.stdout, /not interrupted/);
    assert.ok(await gone(r.sleeper), 'the program is still running');
  });
});
