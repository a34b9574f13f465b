// Writes images into an OCI image layout directory: `oci-layout`, content-addressed blobs under
// `blobs/sha256/`, and `index.json` naming the image index by reference. Blobs already there with
// the right digest are kept; other references in index.json stay.

import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../fs/atomic.js';
import { blobPath, fileDigest } from './oci-base.js';
import { layoutIndex, OCI_LAYOUT, type Blob, type Descriptor } from './oci-image.js';
import { sha256Hex } from './sha256sums.js';
import { OutputDirError } from './output-dir.js';

export interface LayoutWrite {
  readonly dir: string;
  readonly blobs: readonly Blob[];
  /** Blobs copied from another layout (a base image's layers), checked against their digest. */
  readonly copies: readonly { readonly path: string; readonly descriptor: Descriptor }[];
  /** index.json: this reference names `top` (an image index). */
  readonly ref: string;
  readonly top: Descriptor;
}

function hasBlob(path: string, digest: string): boolean {
  try {
    return `sha256:${sha256Hex(readFileSync(path))}` === digest;
  } catch {
    return false;
  }
}

export async function writeLayout(w: LayoutWrite): Promise<void> {
  ensureDir(join(w.dir, 'blobs', 'sha256'), '--oci directory');
  writeFileAtomic(join(w.dir, 'oci-layout'), OCI_LAYOUT);
  for (const copy of w.copies) {
    const dest = blobPath(w.dir, copy.descriptor.digest);
    if (dest === copy.path || (existsSync(dest) && (await fileDigest(dest)) === copy.descriptor.digest)) continue;
    const tmp = `${dest}.${process.pid}.tmp`;
    copyFileSync(copy.path, tmp);
    if ((await fileDigest(tmp)) !== copy.descriptor.digest) {
      rmSync(tmp, { force: true });
      throw new OutputDirError(`base layer ${copy.descriptor.digest} does not match its digest`, 'the --oci-base layout is damaged; copy it again');
    }
    renameSync(tmp, dest);
  }
  for (const blob of w.blobs) {
    const dest = blobPath(w.dir, blob.descriptor.digest);
    if (!hasBlob(dest, blob.descriptor.digest)) writeFileAtomic(dest, blob.bytes);
  }
  let existing: { manifests?: unknown } | undefined;
  try {
    existing = JSON.parse(readFileSync(join(w.dir, 'index.json'), 'utf8')) as { manifests?: unknown };
  } catch {
    existing = undefined;
  }
  writeFileAtomic(join(w.dir, 'index.json'), layoutIndex(existing, w.ref, w.top));
}
