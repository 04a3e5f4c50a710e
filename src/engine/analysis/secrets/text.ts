/** Credentials in any other text file of a project (configuration, SQL, scripts, notebooks, docs): ASR210. */
import { isDocFile, isRecordFile } from '../../files/kinds';
import type { SourceFile } from '../../files/source';
import { astroAssignments, judge, known, memoOf, markLocalSetup, type FileScan, type Found } from './found';
import { scanJson } from './json';

/** Known formats anywhere, sensitive name/value pairs (not in logs, records and lock files), and Astro API tokens assigned by name. */
export function scanOtherFile(file: SourceFile): FileScan {
  const context = /\.(?:json|ipynb)$/i.test(file.rel) ? 'json' : 'text';
  const pairs = !isRecordFile(file.rel);
  if (context === 'json' && pairs) return scanJson(file);
  const name = file.rel.slice(file.rel.lastIndexOf('/') + 1);
  if (name === '.netrc' || name === '_netrc') return { found: scanNetrc(file.text), problems: [] };
  if (name === '.pgpass') return { found: scanPgpass(file.text), problems: [] };
  const found = [...known(file.text, context, '', 0, { pairs }, memoOf(file)), ...(pairs ? astroAssignments(file.text) : [])];
  return { found: markLocalSetup(found, file.text, isDocFile(file.rel)), problems: [] };
}

/** `.netrc`: `machine HOST login USER password SECRET`, the words on one line or several. */
function scanNetrc(text: string): Found[] {
  const out: Found[] = [];
  const words = [...text.matchAll(/[^\s]+/g)];
  let host: string | undefined;
  let user: string | undefined;
  for (let k = 0; k + 1 < words.length; k++) {
    const w = words[k][0];
    const next = words[k + 1];
    if (w === 'machine') [host, user] = [next[0].toLowerCase(), undefined];
    else if (w === 'default') [host, user] = [undefined, undefined];
    else if (w === 'login') user = next[0];
    else if (w === 'password') out.push(...judge('password', next[0], 'text', next.index!, host ? `\`password\` for \`${host}\`` : '`password`', { host, user }));
  }
  return out;
}

/** `.pgpass`: `hostname:port:database:username:password` a line, `\:` for a colon inside a field. */
function scanPgpass(text: string): Found[] {
  const out: Found[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const fields: { value: string; at: number }[] = [];
    let at = 0;
    let value = '';
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '\\' && i + 1 < line.length) value += line[++i];
      else if (line[i] === ':' && fields.length < 4) {
        fields.push({ value, at });
        value = '';
        at = i + 1;
      } else value += line[i];
    }
    fields.push({ value, at });
    if (!line.startsWith('#') && fields.length === 5) {
      const [host, , , user, password] = fields;
      if (!line.slice(password.at).includes('\\')) out.push(...judge('password', password.value, 'text', offset + password.at, `the password for \`${host.value}\``, { host: host.value === '*' ? undefined : host.value, user: user.value }));
    }
    offset += raw.length + 1;
  }
  return out;
}
