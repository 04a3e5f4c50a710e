import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { DirEntry, ProjectFs } from './fs';

/** The engine's file system on the local disk, below `root`. Folders list symbolic links as 'other', so walks never follow them. */
export class NodeFs implements ProjectFs {
  constructor(readonly root: string) {}

  private abs(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  async readText(rel: string): Promise<string | undefined> {
    try {
      return await fsp.readFile(this.abs(rel), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
      throw err;
    }
  }

  async list(rel: string): Promise<DirEntry[]> {
    try {
      const entries = await fsp.readdir(this.abs(rel), { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other' }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw err;
    }
  }
}
