/** The default theme's asset files, as static files under the site's `assets/`. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceFile } from './discover.js';

export async function listThemeAssets(themeAssets: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(abs, path);
      else if (entry.isFile()) {
        const info = await stat(abs);
        out.push({ source: path, absolute: abs, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
  };
  await walk(themeAssets, 'assets');
  return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
