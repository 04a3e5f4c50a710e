import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import * as path from 'node:path';
import type { DirEntry, ProjectFs } from './fs';
import { MAX_TEXT_BYTES } from './text';

/**
 * The most bytes read of one file. A UTF-8 character takes at most 4 bytes, so
 * a longer file still reads as more than MAX_TEXT_BYTES characters and is
 * reported as too large; the rest of it is never read.
 */
export const MAX_READ_BYTES = 4 * MAX_TEXT_BYTES + 4;

/**
 * The engine's file system on the local disk, below `root`, for the CLI.
 * Folders list symbolic links as 'other', so walks never follow them.
 *
 * Reads are synchronous: a check reads thousands of small files one after
 * another, and the synchronous calls cost a fraction of the promise-based ones
 * (measured by `npm run bench`). The CLI runs nothing else meanwhile; the
 * extension reads through VS Code's file system instead.
 */
export class NodeFs implements ProjectFs {
  private buffer = Buffer.alloc(0);

  constructor(readonly root: string) {}

  private abs(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  async readText(rel: string): Promise<string | undefined> {
    let fd: number;
    try {
      // Non-blocking open: a named pipe is then seen (and skipped) instead of waited on.
      fd = openSync(this.abs(rel), constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return undefined;
      const size = Math.min(stat.size, MAX_READ_BYTES);
      // One buffer for every read, grown as needed: thousands of reads then leave no buffers behind for the collector.
      if (this.buffer.length < size) this.buffer = Buffer.allocUnsafe(Math.max(size, this.buffer.length * 2, 64 * 1024));
      const buf = this.buffer;
      let got = 0;
      while (got < size) {
        const n = readSync(fd, buf, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
      return buf.toString('utf8', 0, got);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    } finally {
      closeSync(fd);
    }
  }

  async list(rel: string): Promise<DirEntry[]> {
    try {
      return readdirSync(this.abs(rel), { withFileTypes: true }).map((e) => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other' }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw err;
    }
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
