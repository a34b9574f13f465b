// Where tszig's caches live: TSZIG_CACHE_DIR, the platform's cache directory, zig's cache.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveCacheDir, resolveZigCacheDir } from '../../src/platform/cache-dir.ts';

describe('cache dirs', () => {
  it('TSZIG_CACHE_DIR, else the platform cache dir', () => {
    assert.equal(resolveCacheDir({ TSZIG_CACHE_DIR: '/c' }, 'linux', '/h'), '/c');
    assert.equal(resolveCacheDir({}, 'linux', '/h'), '/h/.cache/tszig');
    assert.equal(resolveCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/h'), '/x/tszig');
    assert.equal(resolveCacheDir({}, 'darwin', '/h'), '/h/Library/Caches/tszig');
    assert.equal(resolveCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\h'), join('C:\\L', 'tszig', 'cache'));
    assert.equal(resolveZigCacheDir({}, '/c'), '/c/zig-cache');
    assert.equal(resolveZigCacheDir({ ZIG_GLOBAL_CACHE_DIR: '/z' }, '/c'), '/z');
  });

  it('a relative TSZIG_CACHE_DIR or ZIG_GLOBAL_CACHE_DIR is taken from the working directory; a relative XDG_CACHE_HOME is ignored', () => {
    assert.equal(resolveCacheDir({ TSZIG_CACHE_DIR: 'c' }, 'linux', '/h', '/work/p'), '/work/p/c');
    assert.equal(resolveCacheDir({ TSZIG_CACHE_DIR: '../c' }, 'linux', '/h', '/work/p'), '/work/c');
    assert.equal(resolveCacheDir({ XDG_CACHE_HOME: 'x' }, 'linux', '/h', '/work/p'), '/h/.cache/tszig');
    assert.equal(resolveZigCacheDir({ ZIG_GLOBAL_CACHE_DIR: 'z' }, '/c', '/work/p'), '/work/p/z');
  });
});
