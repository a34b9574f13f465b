// The check before a build with sccache, against the real sccache: a running server started with
// other base directories is reported, one with this build's is not, and with no server the
// directories a new one would get (from the build's environment) count.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Logger } from '../../src/log/logger.ts';
import { checkServerBasedirs } from '../../src/sccache/server.ts';
import { freePort } from '../support/shared-cache.ts';
import { testSccache } from '../support/toolchain.ts';

const work = mkdtempSync(join(tmpdir(), 'tszig-sccache-server-'));

function recorder(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = { level: 'debug', error: () => undefined, warn: (m) => warnings.push(m), info: () => undefined, debug: () => undefined };
  return { logger, warnings };
}

describe('checkServerBasedirs with the real sccache', async () => {
  const port = String(await freePort());
  const base = { ...process.env, SCCACHE_SERVER_PORT: port, SCCACHE_DIR: join(work, 'local'), SCCACHE_IDLE_TIMEOUT: '120', SCCACHE_BASEDIRS: undefined, SCCACHE_CONF: join(work, 'no-config') };
  after(() => {
    spawnSync(testSccache(), ['--stop-server'], { env: base });
  });

  it('with no server running: the directories in the environment a new server would get count', async () => {
    const { logger, warnings } = recorder();
    await checkServerBasedirs({ sccache: testSccache(), env: { ...base, SCCACHE_BASEDIRS: '/w/app:/w/zig/lib' }, wanted: ['/w/app', '/w/zig/lib'], logger });
    assert.deepEqual(warnings, []);
  });

  it('a server started with other base directories is reported, with the way out', async () => {
    const started = spawnSync(testSccache(), ['--start-server'], { env: { ...base, SCCACHE_BASEDIRS: '/elsewhere' }, encoding: 'utf8' });
    assert.equal(started.status, 0, started.stderr);
    const { logger, warnings } = recorder();
    await checkServerBasedirs({ sccache: testSccache(), env: { ...base, SCCACHE_BASEDIRS: '/w/app:/elsewhere' }, wanted: ['/w/app', '/elsewhere'], logger });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', new RegExp(`running sccache server on port ${port} does not strip /w/app \\(it was started with SCCACHE_BASEDIRS=/elsewhere\\)`));
    assert.match(warnings[0] ?? '', /sccache --stop-server/);
    const quiet = recorder();
    await checkServerBasedirs({ sccache: testSccache(), env: base, wanted: ['/elsewhere/'], logger: quiet.logger });
    assert.deepEqual(quiet.warnings, []);
  });

  it('an sccache that cannot run is not an error of the build', async () => {
    const { logger, warnings } = recorder();
    await checkServerBasedirs({ sccache: join(work, 'missing', 'sccache'), env: base, wanted: ['/w/app'], logger });
    assert.deepEqual(warnings, []);
  });
});
