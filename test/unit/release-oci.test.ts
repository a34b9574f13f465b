// OCI images as data: canonical JSON, configs on a base or from scratch, indexes, index.json
// merging, which targets get images, and reading a base layout from disk.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TszigError } from '../../src/errors.ts';
import { entrypointOf, layerEntries } from '../../src/release/images.ts';
import { parseBaseSpec, platformMatches, readBase } from '../../src/release/oci-base.ts';
import { buildImage, buildIndex, canonicalJson, imageConfig, jsonBlob, layoutIndex, MEDIA, REF_NAME, rfc3339, type BaseImage } from '../../src/release/oci-image.ts';
import { ociPlatform, planImages } from '../../src/release/oci-plan.ts';
import { parsePackageId, releasePackage } from '../../src/release/package-id.ts';
import { findTarget, knownTargets, type TargetSpec } from '../../src/target/table.ts';

const spec = (rust: string): TargetSpec => {
  const s = findTarget(rust);
  assert.ok(s, rust);
  return s;
};
const layerInput = { layer: Buffer.from('layer'), diffId: 'sha256:' + 'a'.repeat(64), created: rfc3339(0), createdBy: 'test' };

describe('canonical JSON', () => {
  it('sorts keys at every level, drops undefined, adds no whitespace', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});

describe('image configs', () => {
  it('from scratch: platform, PATH, entrypoint, one diff_id, one history entry', () => {
    const c = imageConfig({ ...layerInput, platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, entrypoint: ['/usr/local/bin/app'] });
    assert.deepEqual(c, {
      created: '1970-01-01T00:00:00Z',
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Entrypoint: ['/usr/local/bin/app'] },
      rootfs: { type: 'layers', diff_ids: [layerInput.diffId] },
      history: [{ created: '1970-01-01T00:00:00Z', created_by: 'test' }],
    });
  });

  it('on a base: keeps its settings and layers, replaces CMD by the entrypoint, appends the layer', () => {
    const base: BaseImage = {
      config: { os: 'linux', architecture: 'arm64', config: { Env: ['PATH=/bin', 'LANG=C.UTF-8'], Cmd: ['bash'], User: '1000' }, rootfs: { type: 'layers', diff_ids: ['sha256:base'] }, history: [{ created_by: 'base' }] },
      layers: [{ mediaType: MEDIA.layerGzip, digest: 'sha256:' + 'b'.repeat(64), size: 10 }],
      digest: 'sha256:' + 'c'.repeat(64),
      name: 'base:bookworm',
    };
    const input = { ...layerInput, platform: { os: 'linux', architecture: 'arm64' }, entrypoint: ['/usr/local/bin/app'], base };
    const c = imageConfig(input) as { config: Record<string, unknown>; rootfs: { diff_ids: string[] }; history: unknown[] };
    assert.deepEqual(c.config, { Env: ['PATH=/bin', 'LANG=C.UTF-8'], User: '1000', Entrypoint: ['/usr/local/bin/app'] });
    assert.deepEqual(c.rootfs.diff_ids, ['sha256:base', layerInput.diffId]);
    assert.equal(c.history.length, 2);
    const built = buildImage(input);
    const manifest = JSON.parse(built.blobs[2]?.bytes.toString() ?? '') as { layers: { digest: string }[]; annotations: Record<string, string> };
    assert.deepEqual(manifest.layers.map((l) => l.digest), [base.layers[0]?.digest, built.blobs[0]?.descriptor.digest]);
    assert.equal(manifest.annotations['org.opencontainers.image.base.digest'], base.digest);
    assert.deepEqual(built.descriptor.platform, { os: 'linux', architecture: 'arm64' });
  });

  it('is the same bytes for the same input', () => {
    const a = buildImage({ ...layerInput, platform: { os: 'linux', architecture: 'amd64' } });
    const b = buildImage({ ...layerInput, platform: { os: 'linux', architecture: 'amd64' } });
    assert.deepEqual(a.blobs.map((x) => x.descriptor.digest), b.blobs.map((x) => x.descriptor.digest));
  });
});

describe('image index and index.json', () => {
  const image = (architecture: string, variant?: string) => ({ ...jsonBlob(MEDIA.manifest, { architecture, variant }).descriptor, platform: { os: 'linux', architecture, variant } });
  it('lists images in platform order and refuses two for one platform', () => {
    const index = JSON.parse(buildIndex([image('arm', 'v7'), image('amd64'), image('arm64')]).bytes.toString()) as { manifests: { platform: { architecture: string } }[]; mediaType: string };
    assert.equal(index.mediaType, MEDIA.index);
    assert.deepEqual(index.manifests.map((m) => m.platform.architecture), ['amd64', 'arm', 'arm64']);
    assert.throws(() => buildIndex([image('amd64'), image('amd64')]), /two images for linux\/amd64/);
  });

  it('index.json keeps other references and moves this one', () => {
    const old = { schemaVersion: 2, manifests: [{ mediaType: MEDIA.index, digest: 'sha256:old', size: 1, annotations: { [REF_NAME]: '1.0.0' } }, { mediaType: MEDIA.index, digest: 'sha256:other', size: 1, annotations: { [REF_NAME]: '0.9.0' } }] };
    const next = JSON.parse(layoutIndex(old, '1.0.0', { mediaType: MEDIA.index, digest: 'sha256:new', size: 2 })) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    assert.deepEqual(next.manifests.map((m) => [m.digest, m.annotations[REF_NAME]]), [['sha256:other', '0.9.0'], ['sha256:new', '1.0.0']]);
  });
});

describe('which targets get images', () => {
  const t = (rust: string) => ({ requested: rust, spec: spec(rust) });
  it('Linux targets, with image-spec platforms; Windows and macOS are left out', () => {
    const plan = planImages([t('x86_64-unknown-linux-musl'), t('armv7-unknown-linux-musleabihf'), t('x86_64-pc-windows-gnu'), { requested: 'universal2-apple-darwin', spec: undefined }], false);
    assert.deepEqual(plan.images.map((i) => [i.requested, i.platform, i.needsBase]), [
      ['x86_64-unknown-linux-musl', { os: 'linux', architecture: 'amd64', variant: undefined }, false],
      ['armv7-unknown-linux-musleabihf', { os: 'linux', architecture: 'arm', variant: 'v7' }, false],
    ]);
    assert.deepEqual(plan.skipped, ['x86_64-pc-windows-gnu', 'universal2-apple-darwin']);
  });

  it('refuses no Linux target, a glibc target without a base, and two targets for one platform', () => {
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (err) {
        return err instanceof TszigError ? `${err.code}: ${err.message}` : String(err);
      }
      return undefined;
    };
    assert.match(code(() => planImages([t('x86_64-pc-windows-gnu')], false)) ?? '', /^E_OCI: --oci makes Linux images/);
    assert.match(code(() => planImages([t('aarch64-unknown-linux-gnu')], false)) ?? '', /^E_OCI: aarch64-unknown-linux-gnu links against glibc/);
    assert.equal(code(() => planImages([t('aarch64-unknown-linux-gnu')], true)), undefined);
    assert.match(code(() => planImages([t('x86_64-unknown-linux-gnu'), t('x86_64-unknown-linux-musl')], true)) ?? '', /^E_OCI: .* would both be the linux\/amd64 image/);
  });

  it('every Linux target has a platform, and the ARM ones a variant', () => {
    for (const s of knownTargets()) {
      const p = ociPlatform(s);
      assert.equal(p !== undefined, s.os === 'linux', s.rust);
      if (p?.architecture === 'arm') assert.match(p.variant ?? '', /^v[567]$/, s.rust);
    }
  });
});

describe('layer contents', () => {
  it('executables to /usr/local/bin, shared libraries to /usr/local/lib, static ones left out; the entrypoint is the crate\'s', () => {
    const files = [
      { name: 'tool', path: '/t/tool', kind: 'bin' as const },
      { name: 'app', path: '/t/app', kind: 'bin' as const },
      { name: 'libapp.so', path: '/t/libapp.so', kind: 'lib' as const },
      { name: 'libapp.a', path: '/t/libapp.a', kind: 'other' as const },
    ];
    assert.deepEqual(layerEntries(files, () => Buffer.alloc(1)).map((e) => `${e.path} ${e.mode.toString(8)}`), ['usr/local/bin/tool 755', 'usr/local/bin/app 755', 'usr/local/lib/libapp.so 755']);
    assert.equal(entrypointOf(files, 'app'), '/usr/local/bin/app');
    assert.equal(entrypointOf(files, 'other'), undefined);
    assert.equal(entrypointOf(files.slice(1), 'other'), '/usr/local/bin/app');
  });
});

describe('package ids', () => {
  it('parses every spelling cargo has used', () => {
    assert.deepEqual(parsePackageId('path+file:///w/app#app-cli@1.2.0'), { name: 'app-cli', version: '1.2.0' });
    assert.deepEqual(parsePackageId('path+file:///w/hello-cc#0.1.0'), { name: 'hello-cc', version: '0.1.0' });
    assert.deepEqual(parsePackageId('registry+https://example.invalid/index#serde@1.0.0'), { name: 'serde', version: '1.0.0' });
    assert.deepEqual(parsePackageId('app 0.3.0 (path+file:///w/app)'), { name: 'app', version: '0.3.0' });
    assert.equal(parsePackageId('nonsense'), undefined);
  });

  it('names the release after the package that ships executables', () => {
    const a = (packageId: string, kind: string) => ({ packageId, kind });
    assert.deepEqual(releasePackage([a('path+file:///w/lib#core@1.0.0', 'lib'), a('path+file:///w/cli#cli@2.0.0', 'bin')]), { name: 'cli', version: '2.0.0' });
    assert.equal(releasePackage([a('path+file:///w/a#a@1.0.0', 'bin'), a('path+file:///w/b#b@1.0.0', 'bin')]), undefined);
  });
});

describe('base layouts', () => {
  it('match arm64 with and without variant v8, and nothing across variants', () => {
    assert.ok(platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm64' }));
    assert.ok(!platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm', variant: 'v7' }));
  });

  it('are read by reference, with every blob checked against its digest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tszig-oci-base-'));
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    const put = (b: { descriptor: { digest: string }; bytes: Buffer }): void => writeFileSync(join(dir, 'blobs', 'sha256', b.descriptor.digest.slice(7)), b.bytes);
    const layer = { descriptor: { mediaType: MEDIA.layerGzip, digest: `sha256:${'0'.repeat(64)}`, size: 3 }, bytes: Buffer.from('abc') };
    const config = jsonBlob(MEDIA.config, { os: 'linux', architecture: 'arm64', config: { Env: ['PATH=/bin'] }, rootfs: { type: 'layers', diff_ids: ['sha256:x'] } });
    const manifest = jsonBlob(MEDIA.manifest, { schemaVersion: 2, mediaType: MEDIA.manifest, config: config.descriptor, layers: [layer.descriptor] });
    for (const b of [layer, config, manifest]) put(b);
    writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ ...manifest.descriptor, annotations: { [REF_NAME]: 'glibc' } }] }));

    const layout = parseBaseSpec(`${dir}:glibc`, '/');
    assert.deepEqual([layout.dir, layout.ref], [dir, 'glibc']);
    const found = readBase(layout, [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'amd64' }]);
    assert.deepEqual([...found.keys()], ['linux/arm64']);
    assert.equal(found.get('linux/arm64')?.digest, manifest.descriptor.digest);
    assert.throws(() => readBase(parseBaseSpec(`${dir}:nope`, '/'), []), /no image named nope[\s\S]*/);
    assert.throws(() => parseBaseSpec('/does/not/exist', '/'), (e: unknown) => e instanceof TszigError && e.code === 'E_OCI_BASE');

    writeFileSync(join(dir, 'blobs', 'sha256', config.descriptor.digest.slice(7)), 'tampered');
    assert.throws(() => readBase(layout, [{ os: 'linux', architecture: 'arm64' }]), /does not match its digest/);
  });
});
