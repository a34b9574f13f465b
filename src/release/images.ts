// `--oci DIR`: one image per Linux platform from the files --dist collected, and an image index
// over them, written into an OCI image layout. Executables go to /usr/local/bin, shared libraries
// to /usr/local/lib; the entrypoint is the crate's executable.

import { readFileSync } from 'node:fs';
import type { Logger } from '../log/logger.js';
import { shippedMode, type ArchiveEntry } from './entries.js';
import { gzip } from './gzip.js';
import { buildImage, buildIndex, platformKey, rfc3339, type Blob, type Descriptor, type OciPlatform } from './oci-image.js';
import type { BaseForPlatform } from './oci-base.js';
import { writeLayout } from './oci-layout.js';
import { sha256Hex } from './sha256sums.js';
import { tar } from './tar.js';

export const IMAGE_BIN_DIR = 'usr/local/bin';
export const IMAGE_LIB_DIR = 'usr/local/lib';

export interface ShippedFile {
  readonly name: string;
  readonly path: string;
  readonly kind: 'bin' | 'lib' | 'other';
}

export interface ImageSource {
  readonly platform: OciPlatform;
  readonly files: readonly ShippedFile[];
  readonly base?: BaseForPlatform | undefined;
}

export interface ImagesInput {
  readonly dir: string;
  readonly crate: { readonly name: string; readonly version: string };
  /** The reference index.json gives the image index (default: the crate's version). */
  readonly ref: string;
  /** SOURCE_DATE_EPOCH: every timestamp in the layer and the configs. */
  readonly epoch: number;
  readonly images: readonly ImageSource[];
  readonly logger: Logger;
}

/** The layer's files: executables and shared libraries (static libraries have no use there). */
export function layerEntries(files: readonly ShippedFile[], read: (path: string) => Buffer = readFileSync): ArchiveEntry[] {
  return files.flatMap((f): ArchiveEntry[] => {
    if (f.kind === 'other') return [];
    return [{ path: `${f.kind === 'bin' ? IMAGE_BIN_DIR : IMAGE_LIB_DIR}/${f.name}`, type: 'file', mode: shippedMode(true), data: read(f.path) }];
  });
}

/** The crate's executable: the one named like the crate, else the only one. */
export function entrypointOf(files: readonly ShippedFile[], crate: string): string | undefined {
  const bins = files.filter((f) => f.kind === 'bin');
  const named = bins.find((f) => f.name === crate) ?? (bins.length === 1 ? bins[0] : undefined);
  return named ? `/${IMAGE_BIN_DIR}/${named.name}` : undefined;
}

export interface ImagesResult {
  readonly index: Descriptor;
  readonly images: readonly Descriptor[];
}

export async function writeImages(input: ImagesInput): Promise<ImagesResult> {
  const created = rfc3339(input.epoch);
  const blobs: Blob[] = [];
  const copies: { path: string; descriptor: Descriptor }[] = [];
  const manifests: Descriptor[] = [];
  for (const img of input.images) {
    const layerTar = tar(layerEntries(img.files), { mtime: input.epoch });
    const entrypoint = entrypointOf(img.files, input.crate.name);
    if (!entrypoint) input.logger.info(`oci: ${platformKey(img.platform)} has no single executable of ${input.crate.name}; its image sets no entrypoint`);
    const built = buildImage({
      platform: img.platform,
      layer: gzip(layerTar),
      diffId: `sha256:${sha256Hex(layerTar)}`,
      entrypoint: entrypoint ? [entrypoint] : undefined,
      created,
      createdBy: `cargo tszig build --oci (${input.crate.name} ${input.crate.version})`,
      annotations: { 'org.opencontainers.image.title': input.crate.name, 'org.opencontainers.image.version': input.crate.version },
      base: img.base,
    });
    blobs.push(...built.blobs);
    if (img.base) copies.push(...img.base.layerFiles);
    manifests.push(built.descriptor);
  }
  const index = buildIndex(manifests, { 'org.opencontainers.image.created': created, 'org.opencontainers.image.title': input.crate.name, 'org.opencontainers.image.version': input.crate.version });
  blobs.push(index);
  await writeLayout({ dir: input.dir, blobs, copies, ref: input.ref, top: index.descriptor });
  return { index: index.descriptor, images: manifests };
}
