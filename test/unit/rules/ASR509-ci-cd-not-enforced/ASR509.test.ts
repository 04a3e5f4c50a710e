import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyFix, range, readFixture } from '../../helpers';
import { checkFiles, findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR509-ci-cd-not-enforced/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);

describe('ASR509 ci-cd-not-enforced', () => {
  it('a production Deployment file without CI/CD enforcement is a warning on the value, with a fix to true', async () => {
    const text = fixture('prod.yaml');
    const findings = await findingsOf('ASR509', { 'deployments/prod.yaml': text });
    assert.deepEqual(
      findings.map((f) => [f.file, f.range, f.severity]),
      [['deployments/prod.yaml', range(7, 23, 7, 28), 'warning']],
    );
    assert.match(findings[0].message, /^`ci_cd_enforcement: false` lets anyone with a deploy role push code to Deployment `analytics-prod`, which looks like production, straight from their machine/);
    assert.equal(applyFix(text, findings[0].fixes[0], 'deployments/prod.yaml'), text.replace('ci_cd_enforcement: false', 'ci_cd_enforcement: true'));
  });

  it('other Deployments are info (prod must be a word: not productivity); the description counts too', async () => {
    const dev = await findingsOf('ASR509', { 'deployments/dev.yaml': fixture('dev.yaml') });
    assert.deepEqual(
      dev.map((f) => [f.file, f.range, f.severity]),
      [['deployments/dev.yaml', range(4, 23, 4, 28), 'info']],
    );
    const described = fixture('dev.yaml').replace('Development sandbox for the productivity dashboards', 'Live reporting');
    assert.deepEqual((await findingsOf('ASR509', { 'deployments/dev.yaml': described })).map((f) => f.severity), ['warning']);
  });

  it('no finding when CI/CD is enforced or not written, nor for YAML that is not a Deployment file', async () => {
    assert.deepEqual(await findingsOf('ASR509', { 'deployments/prod.yaml': fixture('enforced.yaml') }), []);
    assert.deepEqual(await findingsOf('ASR509', { 'deployments/prod.yaml': 'deployment:\n  configuration:\n    name: analytics-prod\n' }), []);
    assert.deepEqual(await findingsOf('ASR509', { 'include/settings.yaml': fixture('prod.yaml').replace('deployment:', 'settings:') }), []);
  });

  it('production-pattern in .astro-sr.yaml replaces what looks like production', async () => {
    const config = 'rules:\n  ASR509:\n    production-pattern: "^main-|-eu$"\n';
    const files = { '.astro-sr.yaml': config, 'deployments/prod.yaml': fixture('prod.yaml'), 'deployments/dev.yaml': fixture('dev.yaml').replace('analytics-dev', 'main-analytics') };
    const findings = await findingsOf('ASR509', files);
    assert.deepEqual(
      findings.map((f) => [f.file, f.severity]),
      [
        ['deployments/dev.yaml', 'warning'],
        ['deployments/prod.yaml', 'info'],
      ],
    );
  });

  it('a pattern that does not compile, or could take exponential time, is a configuration problem (ASR003) and the default stays', async () => {
    for (const [pattern, why] of [
      ['prod(', /does not compile/],
      ['(a+)+$', /repeats a group that itself repeats or alternates/],
      ['(prod|live)*x', /repeats a group that itself repeats or alternates/],
      ['(\\w)\\1', /uses a backreference/],
    ] as const) {
      const config = `rules:\n  ASR509:\n    production-pattern: '${pattern}'\n`;
      const { findings } = await checkFiles({ '.astro-sr.yaml': config, 'deployments/prod.yaml': fixture('prod.yaml') });
      const problems = findings.filter((f) => f.ruleId === 'ASR003');
      assert.equal(problems.length, 1, pattern);
      assert.match(problems[0].message, /`production-pattern` is a regular expression \(JavaScript syntax, matched ignoring case\); this one/);
      assert.match(problems[0].message, why);
      assert.deepEqual(findings.filter((f) => f.ruleId === 'ASR509').map((f) => f.severity), ['warning'], pattern);
    }
  });
});
