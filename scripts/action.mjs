// The GitHub Action's entry (action.yml): runs `astro-sr check` on the `path`
// input, writes SARIF to `sarif-file` (by default $RUNNER_TEMP/astro-sr.sarif),
// sets the outputs `sarif-file` and `findings`, writes a summary to the job's
// page, and exits 1 when a finding is at or above `fail-on` (2 for a bad input
// or a check that could not run), so that a later step can still upload the SARIF.
//
// The inputs come as environment variables, as action.yml's step passes them
// (INPUT_PATH, INPUT_FAIL_ON, INPUT_BASELINE, INPUT_FORMAT, INPUT_OFFLINE,
// INPUT_SARIF_FILE); relative paths are taken from GITHUB_WORKSPACE. To try it
// on a checkout: `INPUT_PATH=examples INPUT_OFFLINE=true node scripts/action.mjs`.
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const FAIL_ON = ['error', 'warning', 'info', 'none'];
/** What the log shows besides the SARIF file, which is always written: workflow annotations, or the text report. */
const LOG_FORMATS = ['sarif', 'github', 'text'];
/** Rows of the summary's table; the SARIF file holds them all. */
const SUMMARY_ROWS = 50;

class InputError extends Error {}

/** An input as action.yml names it (`fail-on`), from the variable its step sets (INPUT_FAIL_ON). */
function input(name, fallback = '') {
  return (process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim() || fallback;
}

/** A boolean input in the YAML spellings @actions/core accepts. */
function booleanInput(name) {
  const value = input(name, 'false');
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`the input ${name} is true or false, not '${value}'`);
}

function readInputs(workspace) {
  const failOn = input('fail-on', 'error');
  if (!FAIL_ON.includes(failOn)) throw new InputError(`the input fail-on is ${FAIL_ON.join(', ')}, not '${failOn}'`);
  const formats = input('format', 'sarif').split(/[\s,]+/).filter(Boolean);
  const unknown = formats.find((f) => !LOG_FORMATS.includes(f));
  if (unknown) throw new InputError(`the input format takes ${LOG_FORMATS.join(', ')} (several with commas), not '${unknown}'`);
  const baseline = input('baseline');
  return {
    target: path.resolve(workspace, input('path', '.')),
    failOn,
    formats,
    baseline: baseline && path.resolve(workspace, baseline),
    offline: booleanInput('offline'),
    sarifFile: path.resolve(workspace, input('sarif-file', path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'astro-sr.sarif'))),
  };
}

/** `astro-sr check` with the inputs' options; its output goes to `stdout` (a file descriptor, or 'inherit' for the log). */
function check(inputs, format, failOn, stdout, workspace) {
  const args = [CLI, 'check', inputs.target, '--format', format, '--fail-on', failOn];
  if (inputs.offline) args.push('--offline');
  if (inputs.baseline) args.push('--baseline', inputs.baseline);
  return spawnSync(process.execPath, args, { cwd: workspace, stdio: ['ignore', stdout, 'inherit'] }).status ?? 2;
}

/** Writes the SARIF file; the exit code says whether a finding reached the threshold. */
function writeSarif(inputs, workspace) {
  mkdirSync(path.dirname(inputs.sarifFile), { recursive: true });
  const fd = openSync(inputs.sarifFile, 'w');
  try {
    return check(inputs, 'sarif', inputs.failOn, fd, workspace);
  } finally {
    closeSync(fd);
  }
}

/** The results of a SARIF log: the findings reported (those in the baseline are left out by the check). */
function resultsOf(sarifFile) {
  return JSON.parse(readFileSync(sarifFile, 'utf8')).runs.flatMap((run) => run.results ?? []);
}

/** `name=value` lines for GITHUB_OUTPUT (when run outside GitHub, nothing is written). */
function setOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  appendFileSync(file, Object.entries(outputs).map(([k, v]) => `${k}=${v}\n`).join(''));
}

const cell = (s) => String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');

function location(result) {
  const physical = result.locations?.[0]?.physicalLocation;
  if (!physical) return '';
  const file = physical.artifactLocation.uri.split('/').map(decodeURIComponent).join('/');
  return physical.region?.startLine ? `${file}:${physical.region.startLine}` : file;
}

/** Counts per SARIF level, as the summary line says them. */
function counts(results) {
  const n = (level) => results.filter((r) => (r.level ?? 'warning') === level).length;
  const plural = (k, word) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('note'), 'note')}`;
}

/** The job summary: the verdict, the counts, and the first findings as a table. Messages never hold a secret's value. */
function summary(inputs, results, failed, workspace) {
  const where = path.relative(workspace, inputs.target) || '.';
  const verdict = inputs.failOn === 'none' ? 'fail-on: none' : failed ? `**failed**: at least one finding at or above ${inputs.failOn}` : `passed: nothing at or above ${inputs.failOn}`;
  const lines = ['## Astro shared responsibility', '', `${results.length} finding${results.length === 1 ? '' : 's'} in \`${where}\` (${counts(results)}); ${verdict}.`];
  if (results.length > 0) {
    lines.push('', '| Level | Rule | Location | Message |', '|---|---|---|---|');
    for (const r of results.slice(0, SUMMARY_ROWS)) lines.push(`| ${r.level ?? 'warning'} | ${cell(r.ruleId)} | \`${cell(location(r))}\` | ${cell(r.message.text)} |`);
    if (results.length > SUMMARY_ROWS) lines.push('', `The first ${SUMMARY_ROWS} of ${results.length}; the SARIF file holds them all.`);
  }
  return `${lines.join('\n')}\n`;
}

function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  let inputs;
  try {
    inputs = readInputs(workspace);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    console.log(`::error title=astro-sr::${err.message}`);
    return 2;
  }
  const status = writeSarif(inputs, workspace);
  if (status !== 0 && status !== 1) {
    console.log('::error title=astro-sr::the check could not run (see the message above)');
    return status;
  }
  for (const format of inputs.formats.filter((f) => f !== 'sarif')) check(inputs, format, 'none', 'inherit', workspace);
  const results = resultsOf(inputs.sarifFile);
  setOutputs({ 'sarif-file': inputs.sarifFile, findings: results.length });
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary(inputs, results, status === 1, workspace));
  console.log(`astro-sr: ${results.length} findings (${counts(results)}); SARIF in ${inputs.sarifFile}`);
  if (status === 1) console.log(`::error title=astro-sr::at least one finding at or above ${inputs.failOn} (the input fail-on)`);
  return status;
}

process.exitCode = main();
