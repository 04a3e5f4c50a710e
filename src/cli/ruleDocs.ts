/**
 * `astro-sr rules ID`: a rule's documentation page (docs/rules/ID.md), as
 * written. The pages ship beside the bundle: docs/rules/ next to dist/ in the
 * repository, in the npm package and in the extension's package.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI_NAME } from '../engine/product';
import { ruleById } from '../engine/rules';
import type { CliIo } from './options';

/** The folder of the rule pages: `../docs/rules` from the bundle in dist/, or from the compiled sources further up. */
export function ruleDocsDir(from = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (existsSync(path.join(candidate, 'ASR101.md'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** Prints the page of a rule given by id (any case) or name; 2 for a rule nobody knows or a page that is missing. */
export function printRuleDoc(idOrName: string, io: CliIo): number {
  const rule = ruleById(idOrName);
  if (!rule) {
    io.err(`${CLI_NAME}: no rule '${idOrName}'\nRun '${CLI_NAME} rules' for the list.`);
    return 2;
  }
  const dir = ruleDocsDir();
  const file = dir && path.join(dir, `${rule.id}.md`);
  if (!file || !existsSync(file)) {
    io.err(`${CLI_NAME}: the documentation of ${rule.id} is not installed with this copy of ${CLI_NAME}`);
    return 2;
  }
  io.out(readFileSync(file, 'utf8').replace(/\n$/, ''));
  return 0;
}
