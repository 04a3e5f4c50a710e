/**
 * `astro-sr check --print-config FILE`: the configuration that applies to a
 * file, as the check would use it: the `.astro-sr.yaml` files from the
 * repository's root down to the file's project, merged (nearest wins), with
 * the command line's flags on top, each value with where it comes from.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_WARNING_DAYS } from '../engine/check';
import { CONFIG_FILE_NAME, configModel } from '../engine/files/config';
import { NodeFs } from '../engine/fs/nodeFs';
import { policyOf } from '../engine/policy/config';
import { CLI_NAME } from '../engine/product';
import { findProjectOf } from '../engine/project/find';
import { ruleById } from '../engine/rules';
import type { CheckSettings, CliIo } from './options';

export async function printConfig(target: string, settings: CheckSettings, io: CliIo): Promise<number> {
  const file = path.resolve(target);
  if (!existsSync(file)) {
    io.err(`${CLI_NAME}: cannot read ${file}`);
    return 2;
  }
  const dir = statSync(file).isDirectory() ? file : path.dirname(file);
  const root = repositoryRoot(dir);
  const rel = path.relative(root, file).split(path.sep).join('/');
  const probe = statSync(file).isDirectory() ? `${rel ? `${rel}/` : ''}${CONFIG_FILE_NAME}` : rel;
  const project = await findProjectOf(new NodeFs(root), probe);
  const sources = project?.files?.configs ?? [];
  const policy = policyOf(sources);
  const out: Record<string, unknown> = {
    file: rel || '.',
    project: project ? project.root || '.' : null,
    'configuration-files': sources.map((s) => s.file.path),
    checked: !policy.ignored(rel),
  };
  const rules: Record<string, unknown> = {};
  for (const [id, setting] of policy.rules) rules[id] = { severity: setting, from: policy.ruleSources.get(id)?.file.path };
  for (const [key, setting] of Object.entries(settings.rules)) rules[ruleById(key)?.id ?? key] = { severity: setting, from: 'command line' };
  out.rules = rules;
  out['warning-days'] =
    settings.warningDays !== undefined ? { value: settings.warningDays, from: 'command line' } : policy.warningDays !== undefined ? { value: policy.warningDays, from: sourceOfOption(sources, 'ASR102', 'warning-days') } : { value: DEFAULT_WARNING_DAYS, from: 'default' };
  out['pin-operator'] =
    settings.pinOperator !== undefined ? { value: settings.pinOperator, from: 'command line' } : policy.pinOperator !== undefined ? { value: policy.pinOperator, from: sourceOfOption(sources, 'ASR301', 'pin-operator') } : { value: '==', from: 'default' };
  out['production-pattern'] = policy.productionPattern !== undefined ? { value: policy.productionPattern, from: sourceOfOption(sources, 'ASR509', 'production-pattern') } : { value: null, from: 'default' };
  out['inline-ignores'] = { value: policy.inlineIgnores, from: policy.inlineIgnoresSource?.file.path ?? 'default' };
  out['runtime-catalog'] = settings.catalogFile ? { value: settings.catalogFile, from: 'command line' } : policy.runtimeCatalog ? { value: policy.runtimeCatalog.value, from: policy.runtimeCatalog.source.file.path } : null;
  out.network = settings.offline ? { value: 'offline', from: 'command line' } : policy.network ? { value: policy.network.value, from: policy.network.source.file.path } : { value: 'online', from: 'default' };
  out.ignore = sources.flatMap((s) => s.file.model(configModel).ignore.map((i) => ({ pattern: i.pattern, from: s.file.path })));
  out['ignore-findings'] = policy.accepted
    .filter((a) => a.covers(rel))
    .map((a) => ({ rule: a.ruleId, path: a.entry.path ?? null, ...(a.entry.line ? { line: a.entry.line } : {}), reason: a.entry.reason, from: a.source.file.path }));
  if (policy.problems.length) out.problems = policy.problems.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`);
  io.out(stringify(out, { lineWidth: 0 }).trimEnd());
  return 0;
}

/** The folder holding `.git` at or above `dir`; `dir` itself when there is none. */
function repositoryRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

function sourceOfOption(sources: ReturnType<typeof policyOf>['sources'], id: string, option: string): string | undefined {
  let found: string | undefined;
  for (const s of sources) {
    for (const r of s.file.model(configModel).rules) if (ruleById(r.key)?.id === id && r.options.some((o) => o.name === option)) found = s.file.path;
  }
  return found;
}
