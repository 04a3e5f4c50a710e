/** The `astro-sr` command line: a thin adapter over the engine. */
import { statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { loadCatalog } from '../engine/knowledge/runtime/feed';
import { DEFAULT_WARNING_DAYS, todayUtc, type RuleSetting } from '../engine/check';
import { CLI_NAME, ruleDocsUrl } from '../engine/product';
import { RULES, ruleById } from '../engine/rules';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { checkWholeTree } from './parallel';
import { toJson, toText, type Report } from './format';
import { toSarif } from './sarif';

declare const PRODUCT_VERSION: string | undefined;
const VERSION = typeof PRODUCT_VERSION === 'string' ? PRODUCT_VERSION : '0.0.0-dev';

const HELP = `Usage: ${CLI_NAME} check [PATH] [options]
       ${CLI_NAME} rules
       ${CLI_NAME} --version

Checks every Astro project under PATH (default: the current folder) for the
customer's side of Astro's shared responsibility model.

Options for check:
  --format text|json|sarif output format (default: text); sarif is SARIF 2.1.0 for code scanning
  --catalog FILE           use this Runtime catalog (feed format); never uses the network
  --offline                no network: the Runtime versions feed comes from the cache or the bundled
                           copy, and known-vulnerability checks (ASR306) are skipped
  --today YYYY-MM-DD       the date lifecycle rules judge against (default: today)
  --warning-days N         warn this many days before end of maintenance or support (default: ${DEFAULT_WARNING_DAYS})
  --rule ID=LEVEL          set a rule's severity (error|warning|info|hint) or turn it off; repeatable
  --pin-operator ==|~=     how fixes that pin a requirement write it (default: ==)
  --fail-on LEVEL          exit 1 when a finding is at or above error|warning|info, or never with none (default: error)
  --no-color               no colours in text output (also NO_COLOR)

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage error or unreadable PATH.
Network: the Runtime feed, OSV advisories (api.osv.dev) and newest versions on
PyPI (pypi.org) are cached for a day in ${cacheDirectory()}.
HTTPS_PROXY / NO_PROXY are honoured; ASTRO_SR_OSV_URL / ASTRO_SR_PYPI_URL name mirrors.`;

export class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${CLI_NAME}: ${(err as Error).message}\nRun '${CLI_NAME} --help' for usage.`);
      return 2;
    }
    io.err(`${CLI_NAME}: ${(err as Error).message}`);
    return 2;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      catalog: { type: 'string' },
      offline: { type: 'boolean', default: false },
      today: { type: 'string' },
      'warning-days': { type: 'string' },
      'fail-on': { type: 'string', default: 'error' },
      rule: { type: 'string', multiple: true, default: [] },
      'pin-operator': { type: 'string', default: '==' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.version) {
    io.out(VERSION);
    return 0;
  }
  const [command, target, ...extra] = positionals;
  if (values.help || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === 'rules') {
    for (const r of RULES) {
      const severity = r.enabledByDefault === false ? `off (${r.defaultSeverity} when on)` : r.defaultSeverity;
      io.out(`${r.id}  ${r.name.padEnd(28)} ${r.responsibility.padEnd(9)} ${severity.padEnd(8)} ${r.summary}\n        ${ruleDocsUrl(r.id)}`);
    }
    return 0;
  }
  if (command !== 'check') throw new UsageError(command ? `unknown command '${command}'` : 'a command is needed');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError('--format must be text, json or sarif');
  const failOn = values['fail-on'];
  if (!['error', 'warning', 'info', 'none'].includes(failOn)) throw new UsageError('--fail-on must be error, warning, info or none');
  const today = values.today ?? todayUtc();
  // Round-trip the date: Date.parse accepts 2026-02-30 (as 2026-03-02).
  const parsed = Date.parse(`${today}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== today) throw new UsageError('--today must be a date written YYYY-MM-DD');
  const warningDays = values['warning-days'] === undefined ? DEFAULT_WARNING_DAYS : Number(values['warning-days']);
  if (!Number.isInteger(warningDays) || warningDays < 0) throw new UsageError('--warning-days must be a whole number of days');

  const rules: Record<string, RuleSetting> = {};
  for (const spec of values.rule) {
    const m = /^([^=]+)=(off|error|warning|info|hint)$/.exec(spec);
    if (!m || !ruleById(m[1])) throw new UsageError(`--rule takes ID=off|error|warning|info|hint with a known rule id or name, not '${spec}'`);
    rules[ruleById(m[1])!.id] = m[2] as RuleSetting;
  }

  const pinOperator = values['pin-operator'];
  if (pinOperator !== '==' && pinOperator !== '~=') throw new UsageError('--pin-operator must be == or ~=');

  const root = path.resolve(target ?? '.');
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) {
    io.err(`${CLI_NAME}: cannot read the folder ${root}`);
    return 2;
  }

  let loaded;
  try {
    loaded = await loadCatalog({ file: values.catalog && path.resolve(values.catalog), online: !values.offline, cacheDir: cacheDirectory(io.env) });
  } catch (err) {
    io.err(`${CLI_NAME}: cannot read the catalog ${values.catalog}: ${(err as Error).message}`);
    return 2;
  }
  const { result, intel } = await checkWholeTree({
    root,
    catalog: loaded.catalog,
    today,
    warningDays,
    rules,
    pinOperator,
    online: !values.offline,
    cacheDir: cacheDirectory(io.env),
    env: io.env,
  });
  // Without anything to look up nothing is fetched; the status then says whether it would have been.
  const advisories: Report['advisories'] = values.offline
    ? { status: 'offline', reason: '--offline (OSV advisories need the network)' }
    : intel && intel.status !== 'online'
      ? { status: intel.status, reason: intel.notes?.find((n) => n.includes('OSV')) ?? intel.notes?.[0] ?? 'the advisory database could not be reached' }
      : { status: 'online' };
  const report: Report = {
    version: VERSION,
    catalog: loaded.catalog,
    today,
    result,
    notes: [...loaded.notes, ...(intel?.notes ?? [])],
    advisories,
    vulnerabilityRuleOn: rules.ASR306 !== 'off',
  };
  const color = !values['no-color'] && io.isTty && !io.env.NO_COLOR;
  io.out(format === 'json' ? toJson(report) : format === 'sarif' ? toSarif(report, root) : toText(report, color));
  if (failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, CLI_NAME);
}

if (isMainThread && require.main === module) {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
