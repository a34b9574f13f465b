// Downloading what a signed Debian index lists (src/sysroot/download.ts), against a real server on
// 127.0.0.1: the listed bytes arrive, wrong bytes are a checksum error that says what came and what
// the index lists (tried once, whatever the URLs), a dropped connection is tried once more, and an
// archive that cannot be reached is an error that names it. Nothing is left at the destination.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/log/logger.ts';
import type { DebianArchive } from '../../src/sysroot/archive.ts';
import { ArchiveChecksumError, fetchListed, sysrootHttp, type FetchContext } from '../../src/sysroot/download.ts';
import { TszigError } from '../../src/errors.ts';
import { ZigServer } from '../support/zig-server.ts';

const good = randomBytes(64 * 1024);
const listed = { size: good.length, sha256: createHash('sha256').update(good).digest('hex'), by: 'the signed index' };
let server: ZigServer;
const dir = mkdtempSync(join(tmpdir(), 'tszig-sysroot-download-'));
const archive: DebianArchive = { mirror: 'http://127.0.0.1:9/debian', suite: 'bookworm', components: ['main'], from: 'TSZIG_DEBIAN_MIRROR', keyring: { from: 'test' } };
const ctx: FetchContext = { archive, cacheDir: dir, logger: silentLogger, progress: { stage: () => undefined, bytes: () => undefined, done: () => undefined }, http: sysrootHttp({}), work: dir };

before(async () => {
  server = await ZigServer.start();
  server.variant('good', { 'p.deb': good });
  server.variant('wrong', { 'p.deb': randomBytes(good.length) });
  server.variant('long', { 'p.deb': Buffer.concat([good, Buffer.from('x')]) });
});
after(() => server.close());

const url = (behaviour: Parameters<ZigServer['mirror']>[0], variant: string): string => `${server.mirror(behaviour, variant)}/p.deb`;
const count = (u: string): number => server.requests.filter((r) => u.endsWith(r.split('?')[0] ?? '')).length;

describe('files a signed index lists', () => {
  it('the first URL that yields the listed bytes wins (a by-hash URL the mirror lacks is skipped)', async () => {
    const dest = join(dir, 'a');
    await fetchListed(ctx, [url('404', 'good'), url('good', 'good')], dest, listed);
    assert.deepEqual(readFileSync(dest), good);
  });

  it('wrong bytes: a checksum error with what came and what the index lists, each URL tried once', async () => {
    const dest = join(dir, 'b');
    const wrong = url('good', 'wrong');
    await assert.rejects(
      fetchListed(ctx, [wrong], dest, listed),
      (e: unknown) =>
        e instanceof ArchiveChecksumError &&
        e.code === 'E_CHECKSUM' &&
        e.message === `${wrong}: ${good.length} bytes with SHA-256 ${(/SHA-256 ([0-9a-f]{64}),/.exec(e.message) ?? [])[1]}, but the signed index lists ${good.length} bytes with SHA-256 ${listed.sha256}` &&
        /the mirror served different bytes/.test(e.hint ?? ''),
    );
    assert.equal(count(wrong), 1);
    const long = url('good', 'long');
    await assert.rejects(fetchListed(ctx, [long], dest, listed), (e: unknown) => e instanceof ArchiveChecksumError && e.message.startsWith(`${long}: `) && /more than the expected 65536/.test(e.message));
    assert.ok(!existsSync(dest));
  });

  it('a dropped connection is tried once more; an unreachable archive is an error naming it', async () => {
    const dest = join(dir, 'c');
    const reset = url('reset', 'good');
    await assert.rejects(
      fetchListed(ctx, [reset], dest, listed),
      (e: unknown) => e instanceof TszigError && e.code === 'E_HTTP' && e.message === `cannot fetch ${reset}: connection reset` && /TSZIG_DEBIAN_MIRROR/.test(e.hint ?? ''),
    );
    assert.equal(count(reset), 2);
    await assert.rejects(fetchListed(ctx, [url('404', 'good')], dest, listed), (e: unknown) => e instanceof TszigError && /: HTTP 404$/.test(e.message));
    assert.ok(!existsSync(dest));
  });
});
