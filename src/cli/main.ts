/** The `astro-sr` command line: a thin adapter over the engine. */
import * as path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { DEFAULT_WARNING_DAYS } from '../engine/check';
import { BASELINE_FILE_NAME } from '../engine/policy/baseline';
import { CLI_NAME, ruleDocsUrl } from '../engine/product';
import { RULES } from '../engine/rules';
import { SEVERITY_RANK, type Severity } from '../engine/types';
import { cacheDirectory, checkSettingsOf, CliUsageError, exitCodeOf, parseCheckCommand, VERSION } from './options';
import { printConfig } from './printConfig';
import { toJson, toText, type Report } from './format';
import { toSarif } from './sarif';
import { reportCommand } from './report';
import { applyBaseline, baselineCommand, readBaseline } from './baseline';
import { toGithub } from './github';
import { workspaceOf } from './workspace';
import { checkTargets } from './targets';
import { printRuleDoc } from './ruleDocs';

export { cacheDirectory } from './options';

const HELP = `Usage: ${CLI_NAME} check [PATH...] [options]
       ${CLI_NAME} baseline [PATH] [--baseline FILE] [--prune] [check's options]
       ${CLI_NAME} report [PATH] [--format markdown|html|json] [--output FILE] [check's options]
       ${CLI_NAME} rules [ID]
       ${CLI_NAME} --version

Checks every Astro project under PATH (default: the current folder) for the
customer's side of Astro's shared responsibility model. Several paths are
checked in one run; a file stands for the Astro project that holds it.

Options for check:
  --format FORMAT          text (default), json, sarif (SARIF 2.1.0, for code scanning) or github
                           (workflow commands: annotations in a GitHub Actions run)
  --catalog FILE           use this Runtime catalog (feed format); never uses the network
  --offline                no network: the Runtime versions feed comes from the cache or the bundled
                           copy, and known-vulnerability checks (ASR306) are skipped
  --today YYYY-MM-DD       the date lifecycle rules judge against (default: today)
  --warning-days N         warn this many days before end of maintenance or support (default: ${DEFAULT_WARNING_DAYS})
  --rule ID=LEVEL          set a rule's severity (error|warning|info|hint) or turn it off; repeatable
  --pin-operator ==|~=     how fixes that pin a requirement write it (default: ==)
  --print-config FILE      print the configuration that applies to FILE (its .astro-sr.yaml files merged,
                           with these flags on top) and exit
  --baseline FILE          report only findings that are not in this baseline (see baseline below)
  --fail-on LEVEL          exit 1 when a reported finding is at or above error|warning|info, or never
                           with none (default: error)
  --quiet                  text output: only the summary (and errors)
  --no-color               no colours in text output (also NO_COLOR)

baseline: writes ${BASELINE_FILE_NAME} in PATH (or FILE) with every finding's fingerprint, rule
and path (never a value or a message), for check --baseline; --prune only removes the entries that
no longer match a finding.
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

export function main(argv: string[], io: Io): Promise<number> {
  return exitCodeOf(() => run(argv, io), io, `${CLI_NAME} --help`);
}

async function run(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'report') return reportCommand(argv.slice(1), io);
  if (argv[0] === 'baseline') return baselineCommand(argv.slice(1), io);
  const { values, positionals } = parseCheckCommand(argv, {
    format: { type: 'string', default: 'text' },
    'fail-on': { type: 'string', default: 'error' },
    'print-config': { type: 'string' },
    baseline: { type: 'string' },
    quiet: { type: 'boolean', short: 'q', default: false },
    'no-color': { type: 'boolean', default: false },
    version: { type: 'boolean', short: 'v', default: false },
  });
  if (values.version) {
    io.out(VERSION);
    return 0;
  }
  const [command, ...targets] = positionals;
  if (values.help || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === 'rules') {
    if (targets[0]) return printRuleDoc(targets[0], io);
    for (const r of RULES) {
      const severity = r.enabledByDefault === false ? `off (${r.defaultSeverity} when on)` : r.defaultSeverity;
      io.out(`${r.id}  ${r.name.padEnd(28)} ${r.responsibility.padEnd(9)} ${severity.padEnd(8)} ${r.summary}\n        ${ruleDocsUrl(r.id)}`);
    }
    return 0;
  }
  if (command !== 'check') throw new CliUsageError(command ? `unknown command '${command}'` : 'a command is needed');
  const format = values.format;
  if (!Object.hasOwn(FORMATS, format)) throw new CliUsageError('--format must be text, json, sarif or github');
  const failOn = values['fail-on'];
  if (!['error', 'warning', 'info', 'none'].includes(failOn)) throw new CliUsageError('--fail-on must be error, warning, info or none');
  if (values.baseline === '') throw new CliUsageError('--baseline needs a file name');
  const settings = checkSettingsOf(values);
  if (values['print-config'] !== undefined) return printConfig(values['print-config'], settings, io);

  // Read first: a baseline that cannot be read stops the run before the check (exit code 2).
  const baselineFile = values.baseline === undefined ? undefined : path.resolve(values.baseline);
  const entries = baselineFile === undefined ? undefined : readBaseline(baselineFile);
  const checked = await checkTargets(targets, settings, io, baselineFile && path.dirname(baselineFile));
  if ('exitCode' in checked) return checked.exitCode;
  const { result, baseline } = entries ? applyBaseline(checked.result, entries, checked.scopes, values.baseline!) : { result: checked.result, baseline: undefined };
  const report: Report = {
    version: VERSION,
    catalog: checked.catalog,
    today: settings.today,
    result,
    notes: checked.notes,
    advisories: checked.advisories,
    vulnerabilityRuleOn: checked.rulesOff.ASR306 !== 'off',
    baseline,
  };
  const color = !values['no-color'] && io.isTty && !io.env.NO_COLOR;
  io.out(FORMATS[format](report, { root: checked.root, color, quiet: values.quiet, env: io.env }));
  if (failOn === 'none') return 0;
  const threshold = SEVERITY_RANK[failOn as Severity];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

interface FormatOptions {
  /** The folder the findings' paths are relative to. */
  root: string;
  color: boolean;
  quiet: boolean;
  env: NodeJS.ProcessEnv;
}

/** The output formats of check, by --format. */
const FORMATS: Record<string, (report: Report, o: FormatOptions) => string> = {
  text: (report, o) => toText(report, o.color, o.quiet),
  json: (report) => toJson(report),
  sarif: (report, o) => toSarif(report, o.root, workspaceOf(o.env)),
  github: (report, o) => toGithub(report, o.root, workspaceOf(o.env)),
};

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
