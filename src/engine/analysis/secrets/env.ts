/** Credentials in `.env` files: each assignment judged by its name, JSON values (`AIRFLOW_CONN_X={…}`) key by key, other lines as free text. */
import { parseEnvFile } from '../../files/env';
import type { SourceFile } from '../../files/source';
import { jsonSecrets, judge, known, knownMemo, lineScan, type FileScan, type Found } from './found';

export function scanEnvFile(file: SourceFile): FileScan {
  const out: Found[] = known(file.text, 'env', 'a line of the file', 0, undefined, file.model(knownMemo));
  const env = file.model(parseEnvFile);
  for (const a of env.assignments) {
    const where = `\`${a.name}\``;
    out.push(...judge(a.name, a.value, 'env', a.valueStart, where));
    if (a.value.startsWith('{')) out.push(...jsonSecrets(a.value, a.valueStart, where));
  }
  for (const line of env.otherLines) out.push(...lineScan(line.text, 'env', line.start, (name) => `\`${name}\``));
  return { found: out, problems: [] };
}
