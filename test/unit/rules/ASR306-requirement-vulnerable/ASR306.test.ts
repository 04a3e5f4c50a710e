import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { checkProject, type CheckOptions } from '../../../../src/engine/check';
import { MemoryFs } from '../../../../src/engine/fs/fs';
import { createIntelGatherer } from '../../../../src/engine/knowledge/packages/gather';
import { NO_INTEL, type Advisory, type PackageIntel } from '../../../../src/engine/knowledge/packages/intel';
import { advisoryFromOsv, mergeAliases } from '../../../../src/engine/knowledge/packages/osv';
import { normalizeName } from '../../../../src/engine/knowledge/packages/pep503';
import { loadProject } from '../../../../src/engine/project/find';
import type { AstroProject } from '../../../../src/engine/project/model';
import type { Requirement, RequirementFile } from '../../../../src/engine/files/requirements/model';
import { fixTarget } from '../../../../src/engine/rules/ASR306-requirement-vulnerable';
import { LineIndex } from '../../../../src/engine/fs/text';
import type { Finding } from '../../../../src/engine/types';
import { indexedIds, osvRecord, serveIntel } from '../../packages/intelServer';
import { applyEdits, fixesOf, range, readFixture, testCatalog, TODAY } from '../../helpers';

// out/test/unit/rules/ASR306-requirement-vulnerable → the source tree's fixtures.
const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR306-requirement-vulnerable/fixtures');
const REQUIREMENTS = readFixture(FIXTURES, 'requirements.txt');

/**
 * A requirement file read the simple way (one `name op version ; marker` per
 * line), standing in for the requirements parser so these tests only depend
 * on the model.
 */
function requirementFile(file: string, text: string, kind: RequirementFile['kind'] = 'requirements'): RequirementFile {
  const index = new LineIndex(text);
  const requirements: Requirement[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:(===|==|>=|~=|<=|!=|<|>)\s*([^\s;,]+))?\s*(?:;\s*(.*))?$/.exec(line);
    if (m && line.trim()) {
      const [, name, operator, version, marker] = m;
      const at = (s: number, e: number) => index.rangeOf(offset + s, offset + e);
      const specStart = operator ? line.indexOf(operator, name.length) : -1;
      const specEnd = operator ? line.indexOf(version, specStart) + version.length : -1;
      requirements.push({
        file,
        range: at(0, line.length),
        fullRange: index.rangeOf(offset, Math.min(offset + line.length + 1, text.length)),
        kind: 'named',
        name,
        normalizedName: normalizeName(name),
        nameRange: at(0, name.length),
        extras: [],
        specifier: operator ? `${operator}${version}` : '',
        specs: operator ? [{ operator, version, range: at(specStart, specEnd) }] : [],
        ...(marker ? { marker } : {}),
        editable: false,
        hashes: [],
        ...(operator === '==' || operator === '===' ? { pinnedVersion: version } : {}),
      });
    }
    offset += line.length + 1;
  }
  return { path: file, kind, requirements, includes: [], options: [], invalid: [] };
}

/** The intel OSV would give for the fixture index (records folded as the gatherer folds them). */
function recordedIntel(extra: Record<string, Advisory[]> = {}): PackageIntel {
  return {
    status: 'online',
    advisories: (name, version) => {
      const key = `${name}==${version}`;
      if (extra[key]) return extra[key];
      if (['pendulum==3.0.0', 'requests==2.32.4'].includes(key)) return [];
      const ids = indexedIds(key);
      return ids.length ? mergeAliases(ids.map((id) => advisoryFromOsv(osvRecord(id), name)!)) : undefined;
    },
    latest: () => undefined,
  };
}

async function project(files: RequirementFile[]): Promise<AstroProject> {
  const fs = new MemoryFs({ Dockerfile: readFixture(FIXTURES, 'Dockerfile'), '.astro/config.yaml': 'project:\n  name: test\n', 'requirements.txt': REQUIREMENTS });
  const p = (await loadProject(fs, ''))!;
  p.requirements = { files, unread: [] };
  return p;
}

async function findings(files: RequirementFile[], options: Partial<CheckOptions> = {}): Promise<Finding[]> {
  const all = checkProject(await project(files), { catalog: testCatalog(), today: TODAY, intel: recordedIntel(), ...options });
  return all.filter((f) => f.ruleId === 'ASR306');
}

const fixtureFile = () => requirementFile('requirements.txt', REQUIREMENTS);

describe('ASR306 requirement-vulnerable', () => {
  it('one finding per vulnerable pin, on the requirement line; error when one advisory is high or critical', async () => {
    const fs = await findings([fixtureFile()]);
    assert.deepEqual(
      fs.map((f) => [f.ruleId, f.rule, f.responsibility, f.severity, f.file, f.range]),
      [
        ['ASR306', 'requirement-vulnerable', 'code', 'error', 'requirements.txt', range(1, 0, 1, 16)],
        ['ASR306', 'requirement-vulnerable', 'code', 'error', 'requirements.txt', range(2, 0, 2, 40)],
        ['ASR306', 'requirement-vulnerable', 'code', 'warning', 'requirements.txt', range(3, 0, 3, 14)],
      ],
    );
  });

  it('names up to three advisories (with CVE and severity), then "and N more", and the nearest release that fixes them all', async () => {
    const [requests, jinja] = await findings([fixtureFile()]);
    assert.equal(
      requests.message,
      'requests 2.19.0 has 4 known vulnerabilities: GHSA-x84v-xcm2-53pg (CVE-2018-18074, high), GHSA-9hjg-9r4m-mvj7 (CVE-2024-47081, moderate), GHSA-9wx4-h78v-vm56 (CVE-2024-35195, moderate) and 1 more. Upgrade to 2.32.4, the nearest release that fixes all of them.',
    );
    assert.equal(
      jinja.message,
      'Jinja2 2.10 has 3 known vulnerabilities: GHSA-462w-v97r-4m45 (CVE-2019-10906, high), GHSA-g3rq-g295-4j3m (CVE-2020-28493, moderate) and GHSA-h5c8-rqwp-cp95 (CVE-2024-22195, moderate). Upgrade to 3.1.3, the nearest release that fixes all of them.',
    );
  });

  it('a single moderate advisory: a warning naming it', async () => {
    const urllib3 = (await findings([fixtureFile()]))[2];
    assert.equal(urllib3.message, 'urllib3 2.2.1 has a known vulnerability: GHSA-34jh-p97f-mpxf (CVE-2024-37891, moderate). Upgrade to 2.2.2, the nearest release that fixes it.');
  });

  it('the quick fix replaces only the version text of the == spec', async () => {
    const fs = await findings([fixtureFile()]);
    assert.deepEqual(fixesOf(fs[0]), [{ title: 'Upgrade requests to 2.32.4', isPreferred: true, edits: [{ range: range(1, 10, 1, 16), newText: '2.32.4' }] }]);
    assert.deepEqual(fixesOf(fs[1]), [{ title: 'Upgrade Jinja2 to 3.1.3', isPreferred: true, edits: [{ range: range(2, 10, 2, 14), newText: '3.1.3' }] }]);
    for (const f of fs) assert.equal(f.fixes[0].edits[0].file, 'requirements.txt');
    const fixed = applyEdits(REQUIREMENTS, fs.flatMap((f) => f.fixes[0].edits));
    assert.equal(
      fixed,
      '# What the DAGs import, pinned\nrequests==2.32.4\nJinja2 == 3.1.3 ; python_version >= "3.8"\nurllib3==2.2.2\napache-airflow-providers-amazon>=8.0\nflask\npendulum===3.0.0\n',
    );
  });

  it('a spec range that covers only the version text gives the same edit', async () => {
    const file = fixtureFile();
    const spec = file.requirements[0].specs[0];
    spec.range = { start: { line: 1, character: 10 }, end: spec.range.end };
    assert.deepEqual(fixesOf((await findings([file]))[0])[0].edits, [{ range: range(1, 10, 1, 16), newText: '2.32.4' }]);
  });

  it('=== pins are fixed the same way; a constraint file pin is reported too', async () => {
    const text = 'urllib3===1.26.5\n';
    const [f] = await findings([requirementFile('constraints.txt', text, 'constraints')]);
    assert.equal(f.file, 'constraints.txt');
    assert.equal(f.severity, 'warning');
    // 1.26.17 fixes GHSA-v845 but is still affected by GHSA-34jh (fixed in 1.26.19 on the 1.x line): the nearest that fixes both is 1.26.19, not 2.2.2
    assert.match(f.message, /^urllib3 1\.26\.5 has 2 known vulnerabilities: GHSA-34jh-p97f-mpxf \(CVE-2024-37891, moderate\) and GHSA-v845-jxx5-vc9f \(CVE-2023-43804, moderate\)\. Upgrade to 1\.26\.19, the nearest release that fixes both\.$/);
    assert.equal(applyEdits(text, f.fixes[0].edits), 'urllib3===1.26.19\n');
  });

  it('no finding for pins without advisories, unpinned or ranged requirements', async () => {
    const file = requirementFile('requirements.txt', 'pendulum===3.0.0\nrequests==2.32.4\nflask\napache-airflow-providers-amazon>=8.0\njinja2~=2.10\n');
    assert.deepEqual(await findings([file]), []);
  });

  it('no finding while the version was not looked up, nor when the intel is offline or missing', async () => {
    assert.deepEqual(await findings([requirementFile('requirements.txt', 'boto3==1.0.0\n')]), []);
    assert.deepEqual(await findings([fixtureFile()], { intel: NO_INTEL }), []);
    assert.deepEqual(await findings([fixtureFile()], { intel: undefined }), []);
    // a project without requirement files
    const p = await project([]);
    delete p.requirements;
    assert.deepEqual(checkProject(p, { catalog: testCatalog(), today: TODAY, intel: recordedIntel() }).filter((f) => f.ruleId === 'ASR306'), []);
  });

  it('when no release fixes everything: the newest fixed release, naming what stays unfixed', async () => {
    const open: Advisory = { id: 'GHSA-open-0000-0000', aliases: [], severity: 'unknown', fixed: [], ranges: [{}] };
    const fixedOne: Advisory = { id: 'PYSEC-2099-1', aliases: ['CVE-2099-1'], severity: 'low', fixed: ['1.2.0'], ranges: [{ fixed: '1.2.0' }] };
    const intel = recordedIntel({ 'demo==1.0.0': [open, fixedOne], 'lonely==1.0.0': [open] });
    const [demo, lonely] = await findings([requirementFile('requirements.txt', 'demo==1.0.0\nlonely==1.0.0\n')], { intel });
    assert.equal(demo.severity, 'warning');
    assert.equal(demo.message, 'demo 1.0.0 has 2 known vulnerabilities: PYSEC-2099-1 (CVE-2099-1, low) and GHSA-open-0000-0000. Upgrade to 1.2.0, the newest fixed release; no release fixes GHSA-open-0000-0000 yet.');
    assert.deepEqual(fixesOf(demo)[0].edits, [{ range: range(0, 6, 0, 11), newText: '1.2.0' }]);
    assert.equal(lonely.message, 'lonely 1.0.0 has a known vulnerability: GHSA-open-0000-0000. No release fixes it yet: read the advisories for a workaround, or replace the package.');
    assert.deepEqual(lonely.fixes, []);
  });

  it('critical is an error too', async () => {
    const critical: Advisory = { id: 'GHSA-crit-0000-0000', aliases: [], severity: 'critical', fixed: ['2.0'] };
    const [f] = await findings([requirementFile('requirements.txt', 'demo==1.0\n')], { intel: recordedIntel({ 'demo==1.0': [critical] }) });
    assert.equal(f.severity, 'error');
  });

  it('settings: off, and a severity override', async () => {
    assert.deepEqual(await findings([fixtureFile()], { rules: { ASR306: 'off' } }), []);
    assert.deepEqual((await findings([fixtureFile()], { rules: { 'requirement-vulnerable': 'info' } })).map((f) => f.severity), ['info', 'info', 'info']);
  });

  it('end to end: the gatherer asks the OSV stand-in, and the rule reports the same', async () => {
    const server = await serveIntel();
    try {
      const gather = createIntelGatherer({ online: true, osvUrl: server.osvUrl, pypiUrl: server.pypiUrl, timeoutMs: 2000, env: {} });
      const file = fixtureFile();
      const queries = file.requirements.map((r) => ({ name: r.normalizedName!, version: r.pinnedVersion }));
      const intel = await gather(queries);
      assert.equal(intel.status, 'online');
      const viaServer = await findings([file], { intel });
      const recorded = await findings([file]);
      assert.deepEqual(viaServer, recorded);
      assert.equal(viaServer.length, 3);
    } finally {
      await server.close();
    }
  });
});

describe('ASR306 fix target', () => {
  const adv = (id: string, fixed: string[], ranges?: Advisory['ranges']): Advisory => ({ id, aliases: [], severity: 'moderate', fixed, ...(ranges ? { ranges } : {}) });

  it('the nearest fixed version above the pin that clears every advisory', () => {
    const a = adv('A', ['1.26.17', '2.0.6'], [{ fixed: '1.26.17' }, { introduced: '2.0.0', fixed: '2.0.6' }]);
    const b = adv('B', ['1.26.19', '2.2.2'], [{ fixed: '1.26.19' }, { introduced: '2.0.0', fixed: '2.2.2' }]);
    assert.deepEqual(fixTarget('1.26.5', [a, b]), { version: '1.26.19', unfixed: [] });
    assert.deepEqual(fixTarget('2.0.0', [a, b]), { version: '2.2.2', unfixed: [] });
  });

  it('without ranges: a fix newer than the pin and not newer than the candidate', () => {
    assert.deepEqual(fixTarget('1.0', [adv('A', ['1.1']), adv('B', ['1.3'])]), { version: '1.3', unfixed: [] });
  });

  it('fixed versions at or below the pin are never offered', () => {
    assert.equal(fixTarget('2.0', [adv('A', ['1.5', '2.0'])]), undefined);
  });

  it('ordered as versions, never as text', () => {
    assert.deepEqual(fixTarget('2.9', [adv('A', ['2.10', '2.9.1'], [{ fixed: '2.9.1' }])]), { version: '2.9.1', unfixed: [] });
  });
});
