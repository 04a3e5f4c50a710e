/** The `astro-sr` command line: a thin adapter over the engine. */
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { DEFAULT_WARNING_DAYS } from '../engine/check';
import { CLI_NAME, ruleDocsUrl } from '../engine/product';
import { RULES } from '../engine/rules';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { cacheDirectory, checkSettingsOf, CliUsageError, runCheck, VERSION } from './options';
import { printConfig } from './printConfig';
import { toJson, toText, type Report } from './format';
import { toSarif } from './sarif';
import { reportCommand } from './report';
import { printRuleDoc } from './ruleDocs';

export { cacheDirectory } from './options';

const HELP = `Usage: ${CLI_NAME} check [PATH] [options]
       ${CLI_NAME} report [PATH] [--format markdown|html|json] [--output FILE] [check's options]
       ${CLI_NAME} rules [ID]
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
  --print-config FILE      print the configuration that applies to FILE (its .astro-sr.yaml files merged,
                           with these flags on top) and exit
  --fail-on LEVEL          exit 1 when a finding is at or above error|warning|info, or never with none (default: error)
  --no-color               no colours in text output (also NO_COLOR)

report: the same check, laid out along the shared responsibility model (per project, each of your
responsibilities, what the repository cannot show, Astronomer's and the cloud provider's sides), as
Markdown for a pull request or one self-contained HTML page; exit code 0 unless a usage error (2).
rules ID: prints the documentation page of a rule (by id or name).

Configuration: .astro-sr.yaml at the root of the repository or of a project (rules, ignore,
ignore-findings, inline-ignores, runtime-catalog, network); the flags above override it.
Inline ignores: '# astro-sr: ignore ASR301 -- reason' on the line or the line before it.

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage error or unreadable PATH.
Network: the Runtime feed, OSV advisories (api.osv.dev) and newest versions on
PyPI (pypi.org) are cached for a day in ${cacheDirectory()}.
HTTPS_PROXY / NO_PROXY are honoured; ASTRO_SR_OSV_URL / ASTRO_SR_PYPI_URL name mirrors.`;


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
    if (err instanceof CliUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${CLI_NAME}: ${(err as Error).message}\nRun '${CLI_NAME} --help' for usage.`);
      return 2;
    }
    io.err(`${CLI_NAME}: ${(err as Error).message}`);
    return 2;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'report') return reportCommand(argv.slice(1), io);
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
      'pin-operator': { type: 'string' },
      'print-config': { type: 'string' },
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
    if (target) return printRuleDoc(target, io);
    for (const r of RULES) {
      const severity = r.enabledByDefault === false ? `off (${r.defaultSeverity} when on)` : r.defaultSeverity;
      io.out(`${r.id}  ${r.name.padEnd(28)} ${r.responsibility.padEnd(9)} ${severity.padEnd(8)} ${r.summary}\n        ${ruleDocsUrl(r.id)}`);
    }
    return 0;
  }
  if (command !== 'check') throw new CliUsageError(command ? `unknown command '${command}'` : 'a command is needed');
  if (extra.length) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new CliUsageError('--format must be text, json or sarif');
  const failOn = values['fail-on'];
  if (!['error', 'warning', 'info', 'none'].includes(failOn)) throw new CliUsageError('--fail-on must be error, warning, info or none');
  const settings = checkSettingsOf(values);
  if (values['print-config'] !== undefined) return printConfig(values['print-config'], settings, io);

  const checked = await runCheck(target, settings, io);
  if ('exitCode' in checked) return checked.exitCode;
  const { result, root } = checked;
  const report: Report = {
    version: VERSION,
    catalog: checked.catalog,
    today: settings.today,
    result,
    notes: checked.notes,
    advisories: checked.advisories,
    vulnerabilityRuleOn: checked.rulesOff.ASR306 !== 'off',
  };
  const color = !values['no-color'] && io.isTty && !io.env.NO_COLOR;
  io.out(format === 'json' ? toJson(report) : format === 'sarif' ? toSarif(report, root) : toText(report, color));
  if (failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
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
