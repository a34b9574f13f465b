// Fetching one file from mirrors in turn, against a real server on 127.0.0.1: wrong bytes, wrong
// sizes and a failing check of the caller's each move on to the next mirror, with an attempt log.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChecksumError, checkDigests, FetchError, fetchVerified, type Source } from '../../src/fetch/verified.ts';
import type { Logger } from '../../src/log/logger.ts';
import { ZigServer } from '../support/zig-server.ts';

const good = randomBytes(256 * 1024);
const wrong = randomBytes(256 * 1024);
const sha = createHash('sha256').update(good).digest('hex');
let server: ZigServer;
const dir = mkdtempSync(join(tmpdir(), 'tszig-verified-'));

before(async () => {
  server = await ZigServer.start();
  server.variant('good', { f: good });
  server.variant('wrong', { f: wrong });
  server.variant('short', { f: good.subarray(0, 1000) });
});
after(() => server.close());

const source = (behaviour: Parameters<ZigServer['mirror']>[0], variant: string, label: string): Source => ({ url: `${server.mirror(behaviour, variant)}/f`, label });

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (m: string): void => void lines.push(m);
  return { level: 'info', lines, error: log, warn: log, info: log, debug: () => undefined };
}

describe('fetchVerified', () => {
  it('leaves wrong bytes, a wrong size and a 404 for the next mirror, and says so', async () => {
    const logger = recorder();
    const got = await fetchVerified({
      sources: [source('404', 'good', 'gone'), source('close', 'wrong', 'liar'), source('good', 'short', 'short'), source('good', 'good', 'honest')],
      dest: join(dir, 'f'),
      what: 'f',
      expect: { size: good.length, sha256: sha },
      logger,
    });
    assert.equal(got.source.label, 'honest');
    assert.deepEqual(readFileSync(join(dir, 'f')), good);
    assert.deepEqual(got.attempts.map((a) => a.source), ['gone', 'liar', 'short']);
    assert.match(got.attempts[1]?.error ?? '', /^SHA-256 mismatch: got [0-9a-f]{64}, expected [0-9a-f]{64}$/);
    assert.match(got.attempts[2]?.error ?? '', /^size mismatch: the server announced 1000 bytes, expected 262144$/);
    assert.deepEqual(logger.lines.map((l) => l.replace(/:.*;/, ':…;')), ['gone:…; trying the next source', 'liar:…; trying the next source', 'short:…; trying the next source']);
  });

  it("a failing check of the caller's moves on too; the file it saw is removed", async () => {
    const seen: string[] = [];
    const got = await fetchVerified({
      sources: [source('good', 'good', 'first'), source('good', 'good', 'second')],
      dest: join(dir, 'g'),
      what: 'g',
      blake2b512: true,
      verify: (file, digests, from) => {
        seen.push(from.label);
        assert.equal(digests.blake2b512?.length, 64);
        if (from.label === 'first') return Promise.reject(new Error('bad signature'));
        assert.deepEqual(readFileSync(file), good);
        return Promise.resolve();
      },
    });
    assert.deepEqual(seen, ['first', 'second']);
    assert.deepEqual(got.attempts.map((a) => ({ source: a.source, error: a.error })), [{ source: 'first', error: 'bad signature' }]);
    assert.match(String(got.attempts[0]?.cause), /Error: bad signature/);
  });

  it('retries try a source again after a dropped connection, never after wrong bytes; each attempt keeps its error', async () => {
    const logger = recorder();
    const before = server.requests.length;
    const dest = join(dir, 'r');
    const err = await fetchVerified({
      sources: [source('reset', 'good', 'flaky'), source('good', 'wrong', 'liar'), source('good', 'short', 'short'), source('404', 'good', 'gone')],
      dest,
      what: 'r',
      expect: { size: good.length, sha256: sha },
      retries: 1,
      logger,
    }).catch((e: unknown) => e);
    assert.ok(err instanceof FetchError);
    assert.deepEqual(err.attempts.map((a) => a.source), ['flaky', 'flaky', 'liar', 'short', 'gone']);
    assert.equal(server.requests.length - before, 5, 'one request per attempt');
    assert.deepEqual(logger.lines.map((l) => l.replace(/:.*;/, ':…;')), ['flaky:…; trying it again', 'flaky:…; trying the next source', 'liar:…; trying the next source', 'short:…; trying the next source', 'gone:…; trying the next source']);
    const [, , liar, short] = err.attempts;
    assert.ok(liar?.cause instanceof ChecksumError && liar.cause.got?.size === good.length && liar.cause.got.sha256.length === 64, 'wrong bytes: a ChecksumError with what arrived');
    assert.ok(short?.cause instanceof ChecksumError && short.cause.got === undefined, 'a wrong announced size is wrong bytes too');
    assert.ok(!existsSync(dest));
  });

  it('every mirror failing is one FetchError listing each attempt, and no file', async () => {
    const dest = join(dir, 'h');
    await assert.rejects(
      fetchVerified({ sources: [source('reset', 'good', 'a'), source('good', 'wrong', 'b')], dest, what: 'h', expect: { sha256: sha } }),
      (e: unknown) => e instanceof FetchError && e.code === 'E_FETCH' && e.attempts.length === 2 && /could not fetch h\. Tried:\n {2}- a: connection reset\n {2}- b: SHA-256 mismatch/.test(e.message),
    );
    assert.ok(!existsSync(dest));
  });

  it('checkDigests throws a ChecksumError', () => {
    assert.throws(() => checkDigests({ size: 3, sha256: 'a'.repeat(64) }, { size: 4 }), (e: unknown) => e instanceof ChecksumError && e.code === 'E_CHECKSUM');
    checkDigests({ size: 3, sha256: 'a'.repeat(64) }, { size: 3, sha256: 'A'.repeat(64) });
  });
});
