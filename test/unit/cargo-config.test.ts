// Cargo config: which file wins, --config and CARGO_BUILD_TARGET precedence, errors naming the file.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configuredTargets, loadCargoConfig } from '../../src/cargo/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { dirWithFiles } from '../support/files.ts';

const project = (files: Record<string, string>): string => dirWithFiles(files, 'tszig-config-');
describe('cargo config', () => {
  it('nearest config wins, then ancestors, then CARGO_HOME', async () => {
    const root = project({
      '.cargo/config.toml': '[build]\ntarget = "outer"\n[target.x.linker]\n',
      'a/b/.cargo/config.toml': '[build]\ntarget = ["inner1", "inner2"]\n',
      'home/config.toml': '[build]\ntarget = "home"\nrustc = "/home/rustc"\n',
    });
    const env = { CARGO_HOME: join(root, 'home') };
    assert.deepEqual(configuredTargets(await loadCargoConfig(join(root, 'a/b'), env, []), env)?.targets, ['inner1', 'inner2']);
    assert.deepEqual(configuredTargets(await loadCargoConfig(join(root, 'a'), env, []), env)?.targets, ['outer']);
    assert.equal((await loadCargoConfig(join(root, "a"), env, [])).get(["build", "rustc"])?.value, "/home/rustc");
  });

  it('--config beats CARGO_BUILD_TARGET, which beats files', async () => {
    const root = project({ '.cargo/config.toml': '[build]\ntarget = "file"\n' });
    const env = { CARGO_HOME: join(root, 'nohome'), CARGO_BUILD_TARGET: 'env' };
    assert.deepEqual(configuredTargets(await loadCargoConfig(root, env, []), env)?.targets, ['env']);
    assert.deepEqual(configuredTargets(await loadCargoConfig(root, env, ['build.target="cli"']), env)?.targets, ['cli']);
    assert.equal(configuredTargets(await loadCargoConfig(root, { CARGO_HOME: join(root, 'x') }, []), {})?.source, join(root, '.cargo/config.toml'));
  });

  it('--config may name a file', async () => {
    const root = project({ 'extra.toml': '[build]\ntarget = "from-file"\n' });
    const env = { CARGO_HOME: join(root, 'nohome') };
    assert.deepEqual(configuredTargets(await loadCargoConfig(root, env, ['extra.toml']), env)?.targets, ['from-file']);
  });

  it('reports invalid TOML and a wrong build.target type with the file name', async () => {
    const bad = project({ '.cargo/config.toml': '[build\n' });
    await assert.rejects(loadCargoConfig(bad, { CARGO_HOME: join(bad, 'x') }, []), (e: unknown) => e instanceof ConfigError && e.message.includes(join(bad, '.cargo/config.toml')));
    const wrong = project({ '.cargo/config.toml': '[build]\ntarget = 3\n' });
    const env = { CARGO_HOME: join(wrong, 'x') };
    const wrongConfig = await loadCargoConfig(wrong, env, []);
    assert.throws(() => configuredTargets(wrongConfig, env), /must be a string or an array/);
  });
});
