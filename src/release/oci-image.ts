// OCI images as data (image spec 1.1): blobs, image configs, manifests and image indexes, built
// from a layer and an optional base image. Pure: the same inputs give the same bytes, digests
// included, because every JSON document is written with sorted keys and no whitespace.

import { sha256Hex } from './sha256sums.js';

export const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  layerTar: 'application/vnd.oci.image.layer.v1.tar',
} as const;

export interface OciPlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string | undefined;
}

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: OciPlatform;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface Blob {
  readonly descriptor: Descriptor;
  readonly bytes: Buffer;
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };

/** JSON with object keys sorted (by UTF-16 code unit, as JSON canonicalization does) and no spaces. */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, Json> = {};
      for (const key of Object.keys(v).sort()) {
        const child = (v as Record<string, unknown>)[key];
        if (child !== undefined) out[key] = walk(child);
      }
      return out;
    }
    return v as Json;
  };
  return JSON.stringify(walk(value));
}

export function blobOf(mediaType: string, bytes: Buffer, extra: Omit<Descriptor, 'mediaType' | 'digest' | 'size'> = {}): Blob {
  return { descriptor: { mediaType, digest: `sha256:${sha256Hex(bytes)}`, size: bytes.length, ...extra }, bytes };
}

export function jsonBlob(mediaType: string, document: unknown): Blob {
  return blobOf(mediaType, Buffer.from(canonicalJson(document), 'utf8'));
}

/** Platform order in an index: os, architecture, variant. */
export function platformKey(p: OciPlatform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

/** The image an image is built on: its config document and its layers (already in the layout). */
export interface BaseImage {
  readonly config: Record<string, unknown>;
  readonly layers: readonly Descriptor[];
  /** The base manifest's digest and a name for people (annotations on the new manifest). */
  readonly digest: string;
  readonly name: string;
}

export interface ImageInput {
  readonly platform: OciPlatform;
  /** The layer as a gzip-compressed tar, and the SHA-256 of the uncompressed tar (its diff_id). */
  readonly layer: Buffer;
  readonly diffId: string;
  /** argv of the entrypoint; undefined leaves the base's (or none). */
  readonly entrypoint?: readonly string[] | undefined;
  /** RFC 3339 time written into the config, history and annotations. */
  readonly created: string;
  /** Says what made the layer (history's created_by). */
  readonly createdBy: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly base?: BaseImage | undefined;
}

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The image config: the base's, or a fresh one, with this layer, entrypoint and platform. */
export function imageConfig(input: ImageInput): Record<string, unknown> {
  const base = input.base?.config ?? {};
  const baseRun = (base.config ?? {}) as Record<string, unknown>;
  const baseRootfs = (base.rootfs ?? {}) as { diff_ids?: unknown };
  const baseHistory = Array.isArray(base.history) ? (base.history as unknown[]) : [];
  const run: Record<string, unknown> = { ...baseRun };
  if (!Array.isArray(run.Env)) run.Env = [DEFAULT_PATH];
  if (input.entrypoint) {
    run.Entrypoint = [...input.entrypoint];
    // As with a Dockerfile's ENTRYPOINT: the base's CMD would become arguments to ours.
    delete run.Cmd;
  }
  return {
    ...base,
    created: input.created,
    os: input.platform.os,
    architecture: input.platform.architecture,
    variant: input.platform.variant,
    config: run,
    rootfs: { type: 'layers', diff_ids: [...(Array.isArray(baseRootfs.diff_ids) ? (baseRootfs.diff_ids as string[]) : []), input.diffId] },
    history: [...baseHistory, { created: input.created, created_by: input.createdBy }],
  };
}

export interface BuiltImage {
  /** The manifest's descriptor, with the platform, for an image index. */
  readonly descriptor: Descriptor;
  /** Blobs to write: layer, config, manifest (the base's layers are not among them). */
  readonly blobs: readonly Blob[];
}

export function buildImage(input: ImageInput): BuiltImage {
  const layer = blobOf(MEDIA.layerGzip, input.layer);
  const config = jsonBlob(MEDIA.config, imageConfig(input));
  const annotations: Record<string, string> = { 'org.opencontainers.image.created': input.created, ...input.annotations };
  if (input.base) {
    annotations['org.opencontainers.image.base.digest'] = input.base.digest;
    annotations['org.opencontainers.image.base.name'] = input.base.name;
  }
  const manifest = jsonBlob(MEDIA.manifest, {
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: config.descriptor,
    layers: [...(input.base?.layers ?? []), layer.descriptor],
    annotations,
  });
  return { descriptor: { ...manifest.descriptor, platform: input.platform }, blobs: [layer, config, manifest] };
}

/** An image index over images, in platform order; two images for one platform are an error. */
export function buildIndex(images: readonly Descriptor[], annotations: Readonly<Record<string, string>> = {}): Blob {
  const key = (d: Descriptor): string => (d.platform ? platformKey(d.platform) : '');
  const sorted = [...images].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]?.platform, sorted[i]?.platform];
    if (a && b && platformKey(a) === platformKey(b)) throw new Error(`two images for ${platformKey(a)}`);
  }
  return jsonBlob(MEDIA.index, { schemaVersion: 2, mediaType: MEDIA.index, manifests: sorted, annotations: Object.keys(annotations).length > 0 ? annotations : undefined });
}

export const REF_NAME = 'org.opencontainers.image.ref.name';

/**
 * The layout's index.json: the existing one's entries (other references stay), with `ref`
 * pointing at `descriptor` instead of whatever it named before.
 */
export function layoutIndex(existing: { manifests?: unknown } | undefined, ref: string, descriptor: Descriptor): string {
  const kept = (Array.isArray(existing?.manifests) ? (existing.manifests as Descriptor[]) : []).filter((d) => d.annotations?.[REF_NAME] !== ref);
  const entry: Descriptor = { ...descriptor, annotations: { ...descriptor.annotations, [REF_NAME]: ref } };
  return `${canonicalJson({ ...(existing ?? {}), schemaVersion: 2, mediaType: MEDIA.index, manifests: [...kept, entry] })}\n`;
}

export const OCI_LAYOUT = `${canonicalJson({ imageLayoutVersion: '1.0.0' })}\n`;

/** RFC 3339 UTC time of a Unix time, as image configs want it. */
export function rfc3339(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
