import * as vscode from 'vscode';
import type { DirEntry, ProjectFs } from '../engine/fs/fs';

/**
 * What the checks read from disk, kept between checks: a check as you type
 * re-reads a whole project, and without this each keystroke would cost a
 * stat and a read per file (a round trip each in a remote window). A file
 * system watcher drops what changes on disk; open editors are always read
 * from the editor, never from here.
 */
export class FileCache implements vscode.Disposable {
  /** Files larger than this are not kept. */
  static readonly MAX_FILE_CHARS = 256 * 1024;
  /** Above this, the cache starts again from empty. */
  static readonly MAX_TOTAL_CHARS = 32 * 1024 * 1024;

  private readonly texts = new Map<string, string | undefined>();
  private readonly listings = new Map<string, DirEntry[]>();
  private total = 0;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** A file or folder changed on disk (after the cache dropped it). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.watcher.onDidChange((uri) => this.drop(uri, false));
    this.watcher.onDidCreate((uri) => this.drop(uri, true));
    this.watcher.onDidDelete((uri) => this.drop(uri, true));
  }

  /** Only what the watcher reports changes of is cached: local and remote disks, inside a workspace folder. */
  caches(uri: vscode.Uri): boolean {
    return (uri.scheme === 'file' || uri.scheme === 'vscode-remote') && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  }

  /** Whether what is at `uri` was read before: its text, or that it is not a file. */
  hasText(uri: vscode.Uri): boolean {
    return this.texts.has(uri.toString());
  }

  text(uri: vscode.Uri): string | undefined {
    return this.texts.get(uri.toString());
  }

  keepText(uri: vscode.Uri, text: string | undefined): void {
    if (!this.caches(uri) || (text !== undefined && text.length > FileCache.MAX_FILE_CHARS)) return;
    this.room(text?.length ?? 0);
    this.texts.set(uri.toString(), text);
  }

  listing(uri: vscode.Uri): DirEntry[] | undefined {
    return this.listings.get(uri.toString());
  }

  keepListing(uri: vscode.Uri, entries: DirEntry[]): void {
    if (!this.caches(uri)) return;
    this.room(entries.length * 32);
    this.listings.set(uri.toString(), entries);
  }

  private room(chars: number): void {
    this.total += chars;
    if (this.total <= FileCache.MAX_TOTAL_CHARS) return;
    this.texts.clear();
    this.listings.clear();
    this.total = chars;
  }

  /** Forgets a path (and, when files appear or go, its folder's listing and anything below it). */
  private drop(uri: vscode.Uri, createdOrDeleted: boolean): void {
    const key = uri.toString();
    this.texts.delete(key);
    if (createdOrDeleted) {
      this.listings.delete(vscode.Uri.joinPath(uri, '..').toString());
      const below = `${key}/`;
      for (const k of [...this.texts.keys()]) if (k.startsWith(below)) this.texts.delete(k);
      for (const k of [...this.listings.keys()]) if (k === key || k.startsWith(below)) this.listings.delete(k);
    }
    this.changed.fire(uri);
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
    this.texts.clear();
    this.listings.clear();
  }
}

/**
 * The engine's file system over VS Code's: works for local, remote and
 * virtual workspaces, and reads open editors' unsaved text first. With a
 * cache, what was read from disk before is not read again.
 */
export class VsCodeFs implements ProjectFs {
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    readonly root: vscode.Uri,
    private readonly cache?: FileCache,
  ) {}

  uriOf(path: string): vscode.Uri {
    return path === '' ? this.root : vscode.Uri.joinPath(this.root, ...path.split('/'));
  }

  async readText(path: string): Promise<string | undefined> {
    const uri = this.uriOf(path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    if (this.cache?.hasText(uri)) return this.cache.text(uri);
    let text: string | undefined;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      text = stat.type & vscode.FileType.Directory ? undefined : this.decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
    }
    this.cache?.keepText(uri, text);
    return text;
  }

  async list(path: string): Promise<DirEntry[]> {
    const uri = this.uriOf(path);
    const kept = this.cache?.listing(uri);
    if (kept) return kept;
    let entries: DirEntry[] = [];
    try {
      entries = (await vscode.workspace.fs.readDirectory(uri)).map(([name, type]) => ({
        name,
        kind: type & vscode.FileType.SymbolicLink ? 'other' : type === vscode.FileType.File ? 'file' : type === vscode.FileType.Directory ? 'dir' : 'other',
      }));
    } catch (err) {
      if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
    }
    this.cache?.keepListing(uri, entries);
    return entries;
  }
}

/** The folder a document's project is looked up from, and the document's path relative to it. */
export function rootOf(uri: vscode.Uri): { root: vscode.Uri; path: string } {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const root = folder?.uri ?? vscode.Uri.joinPath(uri, '..');
  const rootPath = root.path.endsWith('/') ? root.path : `${root.path}/`;
  return { root, path: uri.path.startsWith(rootPath) ? uri.path.slice(rootPath.length) : uri.path.slice(uri.path.lastIndexOf('/') + 1) };
}
