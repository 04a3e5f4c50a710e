/** Credentials in `.env` files: each assignment judged by its name, JSON values (`AIRFLOW_CONN_X={…}`) key by key, other lines as free text. */
import { parseEnvFile } from '../../files/env';
import type { SourceFile } from '../../files/source';
import { jsonSecrets, judge, known, lineScan, memoOf, type FileScan, type Found, type Siblings } from './found';

export function scanEnvFile(file: SourceFile): FileScan {
  const out: Found[] = known(file.text, 'env', 'a line of the file', 0, undefined, memoOf(file));
  const env = file.model(parseEnvFile);
  const values = new Map(env.assignments.map((a) => [a.name.toUpperCase(), a.value]));
  for (const a of env.assignments) {
    const where = `\`${a.name}\``;
    out.push(...judge(a.name, a.value, 'env', a.valueStart, where, siblingsByPrefix(a.name, values)));
    if (a.value.startsWith('{')) out.push(...jsonSecrets(a.value, a.valueStart, where));
  }
  for (const line of env.otherLines) out.push(...lineScan(line.text, 'env', line.start, (name) => `\`${name}\``));
  return { found: out, problems: [] };
}

/**
 * The host and user written beside a variable under the same prefix:
 * `POSTGRES_HOST` and `POSTGRES_USER` for `POSTGRES_PASSWORD`.
 */
function siblingsByPrefix(name: string, values: ReadonlyMap<string, string>): Siblings {
  const upper = name.toUpperCase();
  const cut = upper.lastIndexOf('_');
  if (cut <= 0) return {};
  const prefix = upper.slice(0, cut);
  const first = (suffixes: string[]) => suffixes.map((s) => values.get(`${prefix}_${s}`)).find((v) => v !== undefined && v !== '');
  return { host: first(['HOST', 'HOSTNAME', 'SERVER', 'ENDPOINT', 'ADDRESS']), user: first(['USER', 'USERNAME', 'LOGIN']) };
}
