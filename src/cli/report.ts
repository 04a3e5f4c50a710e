/**
 * `astro-sr report [PATH] --format markdown|html|json [--output FILE]`: the
 * same check as `check`, laid out along the shared responsibility model for a
 * pull-request comment, an audit or a browser. Exit code 0 whatever it
 * finds (the report is for reading; `check --fail-on` is for gating), 2 for a
 * usage error or what cannot be read or written.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI_NAME } from '../engine/product';
import { buildReport, renderHtml, renderMarkdown, rulesOffBy } from '../engine/report';
import { checkSettingsOf, CliUsageError, exitCodeOf, parseCheckCommand, runCheck, VERSION, type CliIo } from './options';

export const REPORT_HELP = `Usage: ${CLI_NAME} report [PATH] [options]

Checks every Astro project under PATH (default: the current folder), as
'${CLI_NAME} check' does, and reports the result along Astro's shared
responsibility model: per project, each of the customer's responsibilities
with its findings, what the repository cannot show, and the sides that are
Astronomer's and the cloud provider's.

Options:
  --format markdown|html|json  output format (default: markdown); html is one self-contained page
  --output FILE                write the report to FILE instead of standard output
  --catalog, --offline, --today, --warning-days, --rule, --pin-operator: as for check

Exit codes: 0 the report was written (whatever it found), 2 usage error, unreadable PATH or unwritable FILE.`;

export function reportCommand(argv: string[], io: CliIo): Promise<number> {
  return exitCodeOf(() => run(argv, io), io, `${CLI_NAME} report --help`);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCheckCommand(argv, {
    format: { type: 'string', default: 'markdown' },
    output: { type: 'string', short: 'o' },
  });
  if (values.help) {
    io.out(REPORT_HELP);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (extra.length) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
  const format = values.format;
  if (format !== 'markdown' && format !== 'html' && format !== 'json') throw new CliUsageError('--format must be markdown, html or json');
  if (values.output === '') throw new CliUsageError('--output needs a file name');
  const settings = checkSettingsOf(values);

  const checked = await runCheck(target, settings, io);
  if ('exitCode' in checked) return checked.exitCode;
  const notes = [...checked.notes];
  const rulesOff = rulesOffBy(checked.rulesOff);
  // Without the advisory database ASR306 is on but cannot run: the report says so rather than calling the code clear of it.
  const advisoriesMissing = checked.advisories.status !== 'online' && !rulesOff.has('ASR306');
  if (advisoriesMissing) notes.unshift(`Vulnerability checks (ASR306) were skipped: ${checked.advisories.reason ?? checked.advisories.status}.`);
  const report = buildReport(checked.result, {
    catalog: checked.catalog,
    today: settings.today,
    warningDays: checked.warningDays,
    version: VERSION,
    rulesOff,
    rulesSkipped: new Set(advisoriesMissing ? ['ASR306'] : []),
    notes,
  });
  const text = format === 'html' ? renderHtml(report) : format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
  if (values.output === undefined) {
    io.out(text.replace(/\n$/, ''));
    return 0;
  }
  const file = path.resolve(values.output);
  try {
    writeFileSync(file, text);
  } catch (err) {
    io.err(`${CLI_NAME}: cannot write ${file}: ${(err as Error).message}`);
    return 2;
  }
  return 0;
}
