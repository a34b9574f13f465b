// Reads a base image from a local OCI image layout (`--oci-base DIR[:REF]`): the image for each
// platform asked for, with its config and layers, every blob checked against its digest.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TszigError } from '../errors.js';
import { MEDIA, platformKey, REF_NAME, type BaseImage, type Descriptor, type OciPlatform } from './oci-image.js';

const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const INDEXES = new Set<string>([MEDIA.index, DOCKER_LIST]);
const MANIFESTS = new Set<string>([MEDIA.manifest, DOCKER_MANIFEST]);

export class OciBaseError extends TszigError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('E_OCI_BASE', message, { hint, cause });
  }
}

export interface BaseLayout {
  readonly dir: string;
  readonly ref: string | undefined;
  /** The text the user gave, for messages and the base.name annotation. */
  readonly spec: string;
}

/** `DIR` when it is a directory, else `DIR:REF` split at the last colon. */
export function parseBaseSpec(spec: string, cwd: string): BaseLayout {
  const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
  if (isDir(resolve(cwd, spec))) return { dir: resolve(cwd, spec), ref: undefined, spec };
  const colon = spec.lastIndexOf(':');
  if (colon > 0) {
    const dir = resolve(cwd, spec.slice(0, colon));
    if (isDir(dir)) return { dir, ref: spec.slice(colon + 1), spec };
  }
  throw new OciBaseError(`--oci-base ${spec} is not a directory`, 'give a local OCI image layout, e.g. one made with `skopeo copy docker://debian:bookworm-slim oci:base:bookworm`, as --oci-base base:bookworm');
}

export function blobPath(dir: string, digest: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!m) throw new OciBaseError(`unsupported digest ${digest}`, 'tszig reads sha256 digests only');
  return join(dir, 'blobs', 'sha256', m[1] as string);
}

function readJsonBlob(base: BaseLayout, d: Descriptor): Record<string, unknown> {
  const path = blobPath(base.dir, d.digest);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new OciBaseError(`${base.spec}: blob ${d.digest} is missing`, 'the base layout is incomplete; copy it again (skopeo copy … oci:DIR:REF)', err);
  }
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== d.digest || bytes.length !== d.size) {
    throw new OciBaseError(`${base.spec}: blob ${d.digest} does not match its digest or size`, 'the base layout is damaged; copy it again');
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new OciBaseError(`${base.spec}: blob ${d.digest} is not JSON`, 'the base layout is damaged; copy it again', err);
  }
}

/** Whether a base image's platform serves the one wanted (arm64's variant v8 is the default). */
export function platformMatches(have: OciPlatform, want: OciPlatform): boolean {
  const variant = (p: OciPlatform): string => p.variant ?? (p.architecture === 'arm64' ? 'v8' : '');
  return have.os === want.os && have.architecture === want.architecture && variant(have) === variant(want);
}

function entryFor(base: BaseLayout, index: Record<string, unknown>): Descriptor {
  const entries = (Array.isArray(index.manifests) ? index.manifests : []) as Descriptor[];
  const refs = entries.map((e) => e.annotations?.[REF_NAME]).filter((r): r is string => r !== undefined);
  if (base.ref !== undefined) {
    const found = entries.find((e) => e.annotations?.[REF_NAME] === base.ref);
    if (!found) throw new OciBaseError(`${base.spec}: no image named ${base.ref} in the layout`, refs.length > 0 ? `it holds: ${refs.join(', ')}` : 'the layout names no images');
    return found;
  }
  const [only, ...more] = entries;
  if (!only) throw new OciBaseError(`${base.spec}: the layout holds no image`, 'copy a base image into it first (skopeo copy … oci:DIR:REF)');
  if (more.length > 0) throw new OciBaseError(`${base.spec}: the layout holds ${entries.length} images`, `name one: --oci-base ${base.spec}:REF (${refs.join(', ') || 'no names'})`);
  return only;
}

export interface BaseForPlatform extends BaseImage {
  /** Layer blobs to copy into the new layout. */
  readonly layerFiles: readonly { readonly path: string; readonly descriptor: Descriptor }[];
}

/**
 * The base image for each wanted platform that the layout has (keyed by platformKey); platforms
 * it lacks are absent from the map.
 */
export function readBase(base: BaseLayout, wanted: readonly OciPlatform[]): Map<string, BaseForPlatform> {
  let index: Record<string, unknown>;
  try {
    JSON.parse(readFileSync(join(base.dir, 'oci-layout'), 'utf8'));
    index = JSON.parse(readFileSync(join(base.dir, 'index.json'), 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new OciBaseError(`${base.spec} is not an OCI image layout (no readable oci-layout and index.json)`, 'make one with `skopeo copy docker://IMAGE oci:DIR:REF` (or umoci)', err);
  }
  const top = entryFor(base, index);
  const candidates: { descriptor: Descriptor; platform: OciPlatform | undefined }[] = [];
  if (INDEXES.has(top.mediaType)) {
    const list = readJsonBlob(base, top);
    for (const d of (Array.isArray(list.manifests) ? list.manifests : []) as Descriptor[]) {
      if (MANIFESTS.has(d.mediaType)) candidates.push({ descriptor: d, platform: d.platform });
    }
  } else if (MANIFESTS.has(top.mediaType)) {
    candidates.push({ descriptor: top, platform: undefined });
  } else {
    throw new OciBaseError(`${base.spec}: unsupported media type ${top.mediaType}`, 'use an OCI image or image index as the base');
  }

  const out = new Map<string, BaseForPlatform>();
  for (const want of wanted) {
    for (const c of candidates) {
      if (c.platform && !platformMatches(c.platform, want)) continue;
      const manifest = readJsonBlob(base, c.descriptor);
      const configDescriptor = manifest.config as Descriptor | undefined;
      if (!configDescriptor) throw new OciBaseError(`${base.spec}: manifest ${c.descriptor.digest} has no config`, 'the base layout is damaged; copy it again');
      const config = readJsonBlob(base, configDescriptor);
      const platform: OciPlatform = { os: String(config.os), architecture: String(config.architecture), variant: typeof config.variant === 'string' ? config.variant : undefined };
      if (!platformMatches(platform, want)) continue;
      const layers = (Array.isArray(manifest.layers) ? manifest.layers : []) as Descriptor[];
      const layerFiles = layers.map((d) => {
        const path = blobPath(base.dir, d.digest);
        if (!existsSync(path) || statSync(path).size !== d.size) throw new OciBaseError(`${base.spec}: layer ${d.digest} is missing or has the wrong size`, 'the base layout is incomplete; copy it again');
        return { path, descriptor: d };
      });
      out.set(platformKey(want), { config, layers, layerFiles, digest: c.descriptor.digest, name: base.spec });
      break;
    }
  }
  return out;
}

/** The SHA-256 of a file, streamed (base layers can be large). */
export function fileDigest(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(`sha256:${hash.digest('hex')}`));
  });
}
