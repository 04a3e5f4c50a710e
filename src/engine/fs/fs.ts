/**
 * The engine reads files through this interface, so that the CLI can use the
 * disk, the extension can use VS Code's file system (and unsaved editors), and
 * tests can use memory. Paths are relative to the checked root, with `/`;
 * the root itself is ''.
 */
export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}

export interface ProjectFs {
  /** The file's text, or undefined when it does not exist or is not a file. Throws on other read errors. */
  readText(path: string): Promise<string | undefined>;
  /** The folder's entries; [] when it does not exist. */
  list(path: string): Promise<DirEntry[]>;
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** A file system held in memory: for tests and for checking a single buffer. */
export class MemoryFs implements ProjectFs {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, text);
  }

  async readText(path: string): Promise<string | undefined> {
    return this.files.get(path);
  }

  async list(path: string): Promise<DirEntry[]> {
    const prefix = path === '' ? '' : `${path}/`;
    const seen = new Map<string, DirEntry['kind']>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) seen.set(rest, 'file');
      else seen.set(rest.slice(0, slash), 'dir');
    }
    return [...seen].map(([name, kind]) => ({ name, kind }));
  }
}
