/**
 * Whether a project file would be committed (.gitignore) or copied into the
 * image (.dockerignore), read with each tool's own pattern semantics.
 *
 * .gitignore: the `ignore` package implements git's rules (patterns without a
 * slash match at any depth, `dir/` only folders, `!` re-includes, a file in
 * an excluded folder cannot be re-included). Every `.gitignore` from the
 * checked root down to the file's folder counts, the deeper one winning, as
 * git reads them. `.git/info/exclude` and the global excludes file are not
 * read: they are not part of the repository, so a teammate's clone lacks them.
 *
 * .dockerignore: `@balena/dockerignore` is a port of Docker's own matcher
 * (Go `filepath.Match` per path segment, `**` across segments, patterns
 * anchored at the build context root, a pattern also excluding everything
 * below a matched folder, `!` exceptions where the last match wins and,
 * unlike git, able to re-include files below an excluded folder). Only the
 * project root's `.dockerignore` counts: `astro dev` and `astro deploy` build
 * with the project folder as the context. BuildKit's per-Dockerfile
 * `Dockerfile.dockerignore` is not read.
 */
import dockerignore from '@balena/dockerignore';
import ignore, { type Ignore } from 'ignore';
import { dirname } from '../fs/fs';

export interface IgnoreFileText {
  /** Path relative to the checked root. */
  path: string;
  text: string;
}

/** The .gitignore files that apply to a project, outermost first. */
export class GitIgnores {
  private readonly levels: { base: string; ig: Ignore }[] = [];

  add(file: IgnoreFileText): void {
    const base = dirname(file.path);
    this.levels.push({ base, ig: ignore().add(file.text) });
    this.levels.sort((a, b) => a.base.length - b.base.length);
  }

  get files(): number {
    return this.levels.length;
  }

  /** Whether git ignores `path` (relative to the checked root; a folder ends with `/`). */
  ignores(path: string): boolean {
    // A file below an ignored folder stays ignored, whatever deeper files say.
    const parts = path.replace(/\/$/, '').split('/');
    for (let k = 1; k < parts.length; k++) {
      if (this.judge(`${parts.slice(0, k).join('/')}/`)) return true;
    }
    return this.judge(path);
  }

  private judge(path: string): boolean {
    let ignored = false;
    for (const { base, ig } of this.levels) {
      if (base !== '' && !path.startsWith(`${base}/`)) continue;
      const rel = base === '' ? path : path.slice(base.length + 1);
      if (rel === '' || rel === '/') continue;
      const t = ig.test(rel);
      if (t.ignored) ignored = true;
      else if (t.unignored) ignored = false;
    }
    return ignored;
  }
}

/** A project's .dockerignore (patterns relative to the project folder). */
export class DockerIgnore {
  private readonly ig;

  constructor(text: string | undefined) {
    this.ig = dockerignore().add(text === undefined ? [] : text.split(/\r?\n/));
  }

  /** Whether the build context leaves out `rel` (relative to the project folder). */
  ignores(rel: string): boolean {
    return rel !== '' && this.ig.ignores(rel.replace(/\/$/, ''));
  }
}
