/**
 * packages.txt: the Debian packages the Runtime's ONBUILD step installs with
 * apt-get, one a line, `name` or `name=version`, with `#` comments.
 */
import { LineIndex, unreadableReason } from '../../fs/text';
import type { SourceFile } from '../source';
import type { AptPackage, PackagesFile } from './model';

export function parsePackagesFile(path: string, text: string): PackagesFile {
  const file: PackagesFile = { path, packages: [] };
  const skipped = unreadableReason(text);
  if (skipped) return { ...file, skipped };
  const index = new LineIndex(text);
  // Words separated by whitespace; a `#` at the start of a word starts a comment to the end of the line.
  const word = /#[^\n]*|[^\s#][^\s]*/g;
  for (const m of text.matchAll(word)) {
    const w = m[0];
    if (w.startsWith('#')) continue;
    const start = m.index!;
    const token = start === 0 && w.startsWith('\ufeff') ? w.slice(1) : w;
    const at = start + (w.length - token.length);
    if (token === '') continue;
    const eq = token.indexOf('=');
    const name = eq < 0 ? token : token.slice(0, eq);
    const pkg: AptPackage = { name, range: index.rangeOf(at, at + token.length), nameRange: index.rangeOf(at, at + name.length) };
    if (eq >= 0) pkg.version = token.slice(eq + 1);
    file.packages.push(pkg);
  }
  return file;
}

/** packages.txt's model, made once per file. */
export function packagesModel(file: SourceFile): PackagesFile {
  return parsePackagesFile(file.path, file.text);
}
