// The README's claims about the repository itself: its layout lists every folder and only folders
// that exist, and the npm scripts it names run files that exist.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const layout = README.slice(README.indexOf('\nLayout:'), README.indexOf('\n## Limitations'));

/** Folders one level down in `dir` (build output and caches aside). */
function folders(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !['target', 'build', 'node_modules'].includes(d.name) && !d.name.startsWith('.'))
    .map((d) => `${dir}/${d.name}`);
}

describe('README layout', () => {
  it('names every folder under src, test, scripts and fixtures, and docs, shims and bin', () => {
    const all = ['src', 'test', 'scripts', 'fixtures'].flatMap(folders);
    for (const dir of [...all, 'docs', 'shims', 'bin']) assert.ok(layout.includes(`\`${dir}`), `README's layout does not mention ${dir}`);
  });

  it('names only paths that exist', () => {
    for (const m of layout.matchAll(/`((?:src|test|scripts|fixtures|docs|shims|bin)(?:\/[\w.-]+)*\/?)`/g)) {
      assert.ok(existsSync(join(REPO, m[1] as string)), `README's layout names ${m[1]}, which does not exist`);
    }
  });
});

describe('npm scripts', () => {
  it('every file a script runs exists', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const [name, command] of Object.entries(scripts)) {
      for (const m of command.matchAll(/(?:^|\s)((?:scripts|bin)\/[\w./-]+\.(?:sh|ts|js))/g)) {
        assert.ok(existsSync(join(REPO, m[1] as string)), `npm run ${name}: ${m[1]} does not exist`);
      }
    }
  });
});
