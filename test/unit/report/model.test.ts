import { strict as assert } from 'node:assert';
import { checkTree, type CheckResult } from '../../../src/engine/check';
import { MemoryFs } from '../../../src/engine/fs/fs';
import { CUSTOMER_RESPONSIBILITIES, RESPONSIBILITIES } from '../../../src/engine/knowledge/responsibilities';
import { buildReport, projectOf, rulesOffBy, type ShareReport } from '../../../src/engine/report';
import { RULES } from '../../../src/engine/rules';
import { testCatalog, TODAY } from '../helpers';
import { finding, REPORT_OPTIONS, result, twoProjects } from './projects';

describe('shared-responsibility report: the model', () => {
  let report: ShareReport;
  let checked: CheckResult;
  before(async () => {
    checked = await checkTree(twoProjects(), { catalog: testCatalog(), today: TODAY });
    report = buildReport(checked, REPORT_OPTIONS);
  });

  it('totals are the check\'s findings, counted by severity', () => {
    assert.equal(checked.findings.length, 3);
    assert.deepEqual(report.totals, { error: 0, warning: 2, info: 1, hint: 0, total: 3 });
    assert.equal(report.findings.length, checked.findings.length);
    report.findings.forEach((f, i) => {
      assert.equal(f.index, i);
      assert.equal(f.file, checked.findings[i].file);
    });
  });

  it('each project lists the seven responsibilities in order, with status, counts, rules and the outside sentence', () => {
    assert.deepEqual(
      report.projects.map((p) => p.root),
      ['analytics', 'ml'],
    );
    const [analytics, ml] = report.projects;
    assert.deepEqual(
      analytics.responsibilities.map((r) => r.key),
      [...CUSTOMER_RESPONSIBILITIES],
    );
    const status = (p: typeof analytics) => Object.fromEntries(p.responsibilities.map((r) => [r.key, r.status]));
    assert.deepEqual(status(analytics), { access: 'clear', secrets: 'findings', identity: 'not-checkable', code: 'findings', runtime: 'findings', resources: 'not-checkable', network: 'clear' });
    assert.deepEqual(status(ml), { access: 'clear', secrets: 'clear', identity: 'not-checkable', code: 'clear', runtime: 'clear', resources: 'not-checkable', network: 'clear' });
    const secrets = analytics.responsibilities.find((r) => r.key === 'secrets')!;
    assert.deepEqual(secrets.counts, { error: 0, warning: 0, info: 1, hint: 0, total: 1 });
    assert.deepEqual(
      secrets.findings.map((f) => [f.ruleId, f.file, f.project]),
      [['ASR202', 'analytics/.env', 'analytics']],
    );
    assert.deepEqual(analytics.counts, { error: 0, warning: 2, info: 1, hint: 0, total: 3 });
    assert.deepEqual(ml.counts.total, 0);
    for (const r of analytics.responsibilities) {
      assert.equal(r.outside, RESPONSIBILITIES[r.key].outside);
      assert.equal(r.duty, RESPONSIBILITIES[r.key].duty);
      assert.ok(r.docs.length > 0);
    }
    assert.deepEqual(analytics.responsibilities.find((r) => r.key === 'access')!.rules, ['ASR207', 'ASR501', 'ASR502', 'ASR503', 'ASR504', 'ASR505', 'ASR506', 'ASR507', 'ASR508', 'ASR509', 'ASR510', 'ASR511']);
    assert.deepEqual(analytics.responsibilities.find((r) => r.key === 'network')!.rules, ['ASR401', 'ASR402', 'ASR403', 'ASR404', 'ASR405', 'ASR406', 'ASR407', 'ASR408']);
    // ASR308 is off unless turned on.
    const code = analytics.responsibilities.find((r) => r.key === 'code')!;
    assert.ok(!code.rules.includes('ASR308'));
    assert.deepEqual(code.rulesOff, ['ASR308']);
  });

  it('identity and resources are not checkable: no rule, and a sentence on where they live', () => {
    for (const key of ['identity', 'resources'] as const) {
      const r = report.projects[0].responsibilities.find((x) => x.key === key)!;
      assert.equal(r.status, 'not-checkable');
      assert.deepEqual(r.rules, []);
      assert.deepEqual(r.findings, []);
      assert.ok(r.outside.length > 20);
    }
    assert.match(RESPONSIBILITIES.identity.outside, /identity provider/);
    assert.match(RESPONSIBILITIES.identity.outside, /multi-factor/);
    assert.match(RESPONSIBILITIES.network.outside, /cloud/);
    assert.deepEqual(
      report.customer.filter((c) => !c.checked).map((c) => c.key),
      ['identity', 'resources'],
    );
  });

  it('every customer responsibility has an outside sentence; the other sides are marked as theirs', () => {
    for (const key of CUSTOMER_RESPONSIBILITIES) assert.match(RESPONSIBILITIES[key].outside, /^[A-Z].+\.$/);
    assert.equal(report.astronomer.party, 'astronomer');
    assert.equal(report.cloudProvider.party, 'cloud-provider');
    assert.ok(report.astronomer.duties.some((d) => /Runtime/.test(d.title)));
    assert.ok(report.cloudProvider.duties.some((d) => /Physical/.test(d.title)));
    for (const d of [...report.astronomer.duties, ...report.cloudProvider.duties]) assert.match(d.text, /^[A-Z].+\.$/);
  });

  it('the Runtime of each project, with its support status and dates from the catalog', () => {
    assert.deepEqual(report.projects[0].runtime, {
      image: 'quay.io/astronomer/astro-runtime',
      tag: '12.4.0',
      version: '12.4.0',
      airflowVersion: '2.10.3',
      support: 'basic-support-only',
      supportText: 'basic support only: maintenance ended on 2026-01-31, basic support until 2026-07-31',
      endOfMaintenance: '2026-01-31',
      endOfBasicSupport: '2026-07-31',
      yanked: false,
    });
    // The newest Airflow 3 release of the test catalog has no end dates yet.
    assert.equal(report.projects[1].runtime!.support, 'supported');
    assert.equal(report.projects[1].runtime!.endOfMaintenance, null);
  });

  it('support status: supported, maintenance ends soon, basic support only, end of support, unknown', async () => {
    const supportOf = async (from: string, today = TODAY) => {
      const r = await checkTree(new MemoryFs({ Dockerfile: `FROM ${from}\n`, '.astro/config.yaml': 'project:\n  name: t\n' }), { catalog: testCatalog(), today });
      return buildReport(r, { ...REPORT_OPTIONS, today }).projects[0].runtime;
    };
    assert.equal((await supportOf('quay.io/astronomer/astro-runtime:13.2.0'))!.support, 'supported');
    assert.equal((await supportOf('quay.io/astronomer/astro-runtime:12.6.0', '2026-01-10'))!.support, 'maintenance-ends-soon');
    assert.equal((await supportOf('quay.io/astronomer/astro-runtime:12.4.0'))!.support, 'basic-support-only');
    const gone = (await supportOf('quay.io/astronomer/astro-runtime:11.2.0'))!;
    assert.equal(gone.support, 'end-of-support');
    assert.equal(gone.endOfBasicSupport, '2025-10-31');
    assert.equal((await supportOf('quay.io/astronomer/astro-runtime:13'))!.support, 'unknown');
    assert.equal((await supportOf('quay.io/astronomer/astro-runtime:99.0.0'))!.support, 'unknown');
    assert.equal((await supportOf('quay.io/astronomer/astro-runtime:13.1.0'))!.yanked, true);
    assert.equal(await supportOf('python:3.12'), null);
  });

  it('a finding belongs to the project whose root is the longest prefix of its path; others go to a top-level group', () => {
    const roots = ['', 'a', 'a/b'];
    assert.equal(projectOf('x.txt', roots), '');
    assert.equal(projectOf('a/y.txt', roots), 'a');
    assert.equal(projectOf('a/b/z.txt', roots), 'a/b');
    assert.equal(projectOf('a/bc/z.txt', roots), 'a');
    assert.equal(projectOf('ab/q.txt', roots), '');
    assert.equal(projectOf('ab/q.txt', ['a', 'a/b']), null);

    const r = buildReport(result(['a', 'a/b'], [finding('a/b/z.txt', 'error', 'code'), finding('a/y.txt', 'warning', 'code'), finding('ab/q.txt', 'info', 'secrets')]), REPORT_OPTIONS);
    assert.deepEqual(
      r.projects.map((p) => [p.root, p.counts.total]),
      [
        ['a', 1],
        ['a/b', 1],
      ],
    );
    assert.ok(r.outsideProjects);
    assert.deepEqual(
      r.outsideProjects.findings.map((f) => [f.file, f.project]),
      [['ab/q.txt', null]],
    );
    assert.deepEqual(r.totals, { error: 1, warning: 1, info: 1, hint: 0, total: 3 });
  });

  it('findings of another category (the tool\'s own configuration) are counted, in a group of their own', () => {
    const r = buildReport(result([''], [finding('.astro-sr.yaml', 'error', 'tool', 'unknown rule', 'ASR003'), finding('requirements.txt', 'warning', 'code'), finding('dags/x.py', 'hint', 'something-new')]), REPORT_OPTIONS);
    const [p] = r.projects;
    assert.equal(p.root, '');
    assert.ok(p.configuration);
    assert.equal(p.configuration.title, 'Configuration of this check');
    assert.deepEqual(
      p.configuration.findings.map((f) => f.responsibility),
      ['tool', 'something-new'],
    );
    assert.deepEqual(p.counts, { error: 1, warning: 1, info: 0, hint: 1, total: 3 });
    assert.deepEqual(r.totals, p.counts);
    const inSeven = p.responsibilities.reduce((n, x) => n + x.counts.total, 0);
    assert.equal(inSeven + p.configuration.counts.total, r.totals.total);
    assert.equal(buildReport(result([''], [finding('requirements.txt', 'warning', 'code')]), REPORT_OPTIONS).projects[0].configuration, null);
  });

  it('rules that are off or could not run do not count as checking; a responsibility with none left is not checked', () => {
    assert.deepEqual([...rulesOffBy()], ['ASR308']);
    assert.deepEqual([...rulesOffBy({ ASR308: 'warning', 'astro-api-token': 'off' })], ['ASR207']);
    const accessOff = Object.fromEntries(RULES.filter((x) => x.responsibility === 'access').map((x) => [x.id, 'off' as const]));
    const r = buildReport(checked, { ...REPORT_OPTIONS, rulesOff: rulesOffBy(accessOff), rulesSkipped: new Set(['ASR306']) });
    const access = r.projects[1].responsibilities.find((x) => x.key === 'access')!;
    assert.equal(access.status, 'not-checkable');
    assert.deepEqual(access.rulesOff, Object.keys(accessOff).sort());
    const code = r.projects[1].responsibilities.find((x) => x.key === 'code')!;
    assert.deepEqual(code.rulesSkipped, ['ASR306']);
    assert.ok(!code.rules.includes('ASR306'));
    assert.equal(code.status, 'clear');
    assert.equal(r.customer.find((c) => c.key === 'access')!.checked, false);
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    assert.equal(report.tool.version, '9.9.9');
    assert.equal(report.catalog.asOf, testCatalog().info.asOf);
  });

  it('every rule of a customer responsibility is listed under it', () => {
    const listed = new Set(report.projects[0].responsibilities.flatMap((r) => [...r.rules, ...r.rulesOff, ...r.rulesSkipped]));
    for (const rule of RULES) {
      if ((CUSTOMER_RESPONSIBILITIES as readonly string[]).includes(rule.responsibility)) assert.ok(listed.has(rule.id), rule.id);
    }
  });
});
