/**
 * One file of a project as read: its text, read once per check, and the
 * models made of it, each made once (`model(parse)`). Whoever reads a model
 * through the same object gets the same one, so a YAML document parsed for
 * the secret rules is the document any other rule reads.
 */
import { LineIndex } from '../fs/text';
import type { FileKind } from './kinds';

export class SourceFile {
  private readonly models = new Map<(file: SourceFile) => unknown, unknown>();
  private index?: LineIndex;
  /**
   * The version of this file read before, when the editor's cache had one:
   * a model may start from what it made of it (the lines that did not
   * change). One version back only.
   */
  previous?: SourceFile;
  /** Whether the models of this file are kept between checks (the editor's cache): worth remembering line by line what was found. */
  kept = false;

  constructor(
    /** Relative to the checked root, with `/`. */
    readonly path: string,
    /** Relative to the project folder. */
    readonly rel: string,
    readonly kind: FileKind,
    readonly text: string,
  ) {}

  /** Offsets to positions and back. */
  get lines(): LineIndex {
    this.index ??= new LineIndex(this.text);
    return this.index;
  }

  /** What `make` makes of this file, made on first use and kept with the file. `make` must depend on the file alone. */
  model<T>(make: (file: SourceFile) => T): T {
    if (this.models.has(make)) return this.models.get(make) as T;
    const value = make(this);
    this.models.set(make, value);
    return value;
  }

  /** Whether this object stands for the same file read the same way (models can be kept). */
  sameAs(path: string, rel: string, kind: FileKind, text: string): boolean {
    return this.path === path && this.rel === rel && this.kind === kind && this.text === text;
  }
}
