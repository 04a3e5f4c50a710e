import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { main } from '../../../src/cli/main';
import { CATALOG_FILE } from '../helpers';

/** A repository in a temporary folder: `.git`, a configuration at its root, a project in `team/`. */
describe('astro-sr and .astro-sr.yaml', () => {
  let repo: string;
  let cacheHome: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    writeFileSync(path.join(repo, rel), text);
  };
  beforeEach(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'asr-config-'));
    cacheHome = mkdtempSync(path.join(os.tmpdir(), 'asr-config-cache-'));
    mkdirSync(path.join(repo, '.git'));
    write('team/Dockerfile', 'FROM quay.io/astronomer/astro-runtime:13.4.0\n');
    write('team/.astro/config.yaml', 'project:\n  name: team\n');
    write('team/requirements.txt', 'requests\npandas\n');
  });
  afterEach(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(cacheHome, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const env = { XDG_CACHE_HOME: cacheHome, ASTRO_SR_OSV_URL: 'http://127.0.0.1:9', ASTRO_SR_PYPI_URL: 'http://127.0.0.1:9' };
    const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), isTty: false, env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const findings = async (target: string, ...more: string[]) => {
    const r = await run(['check', target, '--catalog', CATALOG_FILE, '--today', '2026-03-01', '--offline', '--format', 'json', ...more]);
    return (JSON.parse(r.out).findings as { ruleId: string; severity: string; file: string }[]).map((f) => `${f.ruleId} ${f.severity} ${f.file}`);
  };

  it('the repository root file counts when only a project folder is checked; flags override it', async () => {
    write('.astro-sr.yaml', 'rules:\n  ASR301: info\nignore-findings:\n  - rule: ASR301\n    path: team/requirements.txt\n    line: pandas\n    reason: constrained\n');
    assert.deepEqual(await findings(path.join(repo, 'team')), ['ASR301 info requirements.txt']);
    assert.deepEqual(await findings(repo), ['ASR301 info team/requirements.txt']);
    assert.deepEqual(await findings(path.join(repo, 'team'), '--rule', 'ASR301=error'), ['ASR301 error requirements.txt']);
  });

  it('a mistake in a file above the checked folder is reported on it, once', async () => {
    write('.astro-sr.yaml', 'rules:\n  ASR31: off\n');
    assert.deepEqual(await findings(path.join(repo, 'team')), ['ASR003 error ../.astro-sr.yaml', 'ASR301 warning requirements.txt', 'ASR301 warning requirements.txt']);
  });

  it('runtime-catalog and network: offline choose what --catalog and --offline do', async () => {
    write('.astro-sr.yaml', `runtime-catalog: ${JSON.stringify(path.relative(repo, CATALOG_FILE))}\nnetwork: offline\n`);
    const r = await run(['check', repo, '--today', '2026-03-01', '--format', 'json']);
    const json = JSON.parse(r.out);
    assert.match(JSON.stringify(json.catalog ?? json), /test catalog|file/);
    assert.equal(json.advisories?.status ?? 'offline', 'offline');
  });

  it('--print-config shows the merged configuration of a file, with where each value comes from', async () => {
    write('.astro-sr.yaml', 'rules:\n  ASR301: info\n  ASR305: off\ninline-ignores: false\n');
    write('team/.astro-sr.yaml', 'rules:\n  ASR301:\n    severity: error\n    pin-operator: "~="\n  ASR509:\n    production-pattern: "prd|critical"\nignore:\n  - scratch/\n');
    const r = await run(['check', '--print-config', path.join(repo, 'team/requirements.txt'), '--warning-days', '9']);
    assert.equal(r.code, 0, r.err);
    const printed = parse(r.out);
    assert.equal(printed.file, 'team/requirements.txt');
    assert.equal(printed.project, 'team');
    assert.deepEqual(printed['configuration-files'], ['.astro-sr.yaml', 'team/.astro-sr.yaml']);
    assert.deepEqual(printed.rules.ASR301, { severity: 'error', from: 'team/.astro-sr.yaml' });
    assert.deepEqual(printed.rules.ASR305, { severity: 'off', from: '.astro-sr.yaml' });
    assert.deepEqual(printed['pin-operator'], { value: '~=', from: 'team/.astro-sr.yaml' });
    assert.deepEqual(printed['warning-days'], { value: 9, from: 'command line' });
    assert.deepEqual(printed['production-pattern'], { value: 'prd|critical', from: 'team/.astro-sr.yaml' });
    assert.deepEqual(printed['inline-ignores'], { value: false, from: '.astro-sr.yaml' });
    assert.equal(printed.checked, true);
    write('team/scratch/x.py', 'PASSWORD = "not read"\n');
    assert.equal(parse((await run(['check', '--print-config', path.join(repo, 'team/scratch/x.py')])).out).checked, false);
    assert.equal((await run(['check', '--print-config', path.join(repo, 'team/none.py')])).code, 2);
  });
});
