// Planning a cargo run without targets (no zig involved): which cargo runs, and what happens when
// there is none (plans with targets: test/e2e/cli.test.ts).

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCargoArgv } from '../../src/cargo/argv.ts';
import { planCargo } from '../../src/cargo/plan.ts';
import { TszigError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log/logger.ts';

const dir = (): string => mkdtempSync(join(tmpdir(), 'tszig-plan-'));

describe('planCargo without a target', () => {
  it('runs the absolute path of cargo from PATH, or CARGO as given', async () => {
    const bin = dir();
    writeFileSync(join(bin, 'cargo'), '#!/bin/sh\n');
    chmodSync(join(bin, 'cargo'), 0o755);
    const cwd = dir();
    const env = { PATH: `:.:${bin}`, CARGO_HOME: join(cwd, 'home') };
    const plan = await planCargo({ argv: parseCargoArgv(['tszig', 'build', '--release']), env, cwd, logger: silentLogger });
    assert.equal(plan.command, join(bin, 'cargo'));
    assert.deepEqual(plan.args, ['build', '--release']);
    assert.equal((await planCargo({ argv: parseCargoArgv(['build']), env: { ...env, CARGO: '/opt/cargo' }, cwd, logger: silentLogger })).command, '/opt/cargo');
  });

  it('no cargo on PATH (one in the working directory does not count) is E_SPAWN with a hint', async () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'cargo'), '#!/bin/sh\n');
    chmodSync(join(cwd, 'cargo'), 0o755);
    await assert.rejects(planCargo({ argv: parseCargoArgv(['build']), env: { PATH: ':.', CARGO_HOME: join(cwd, 'home') }, cwd, logger: silentLogger }), (e: unknown) => {
      assert.ok(e instanceof TszigError && e.code === 'E_SPAWN', String(e));
      assert.match(e.message, /^cannot run cargo: it is not on PATH$/);
      assert.match(e.hint ?? '', /rustup/);
      return true;
    });
  });
});
