import { strict as assert } from 'node:assert';
import type { Advisory } from '../../../src/engine/knowledge/packages/intel';
import { requirementHover, type RequirementHoverInput } from '../../../src/engine/hovers/requirement';
import { parseRequirementsFile } from '../../../src/engine/files/requirements/parse';

function req(line: string) {
  const [r] = parseRequirementsFile('requirements.txt', `${line}\n`, 'requirements').requirements;
  assert.ok(r, `no requirement in ${line}`);
  return r;
}

const adv = (id: string, severity: Advisory['severity'], fixed: string[], cve?: string): Advisory => ({
  id,
  aliases: cve ? [cve] : [],
  severity,
  fixed,
  url: `https://osv.dev/vulnerability/${id}`,
});

function hover(line: string, intel: RequirementHoverInput['intel'], findings: RequirementHoverInput['findings'] = []): string {
  return requirementHover({ requirement: req(line), intel, findings });
}

describe('requirement hover', () => {
  it('a pinned version: the newest on PyPI, its advisories by severity with the first fix above the pin, at most three', () => {
    const text = hover(
      'jinja2==2.10',
      {
        availability: 'online',
        latest: '3.1.6',
        advisories: [
          adv('GHSA-g3rq-g295-4j3m', 'moderate', ['2.11.3']),
          adv('GHSA-462w-v97r-4m45', 'high', ['2.10.1'], 'CVE-2019-10906'),
          adv('GHSA-aaaa-bbbb-cccc', 'low', ['2.9', '3.0.0']),
          adv('GHSA-cpwx-vrp4-4pq7', 'moderate', ['3.1.6']),
        ],
      },
      [{ ruleId: 'ASR306', rule: 'requirement-vulnerable' }],
    );
    assert.ok(text.includes('`jinja2==2.10`'), text);
    assert.ok(text.includes('Pinned to **2.10**; the newest on PyPI is **3.1.6**.'), text);
    assert.ok(text.includes('**4 advisories** for jinja2 2.10'), text);
    const listed = text.split('\n').filter((l) => l.startsWith('- '));
    assert.deepEqual(listed.length, 4, text); // three advisories and "and 1 more"
    assert.ok(listed[0].startsWith('- [GHSA-462w-v97r-4m45](https://osv.dev/vulnerability/GHSA-462w-v97r-4m45) (CVE-2019-10906) · high · fixed in 2.10.1'), listed[0]);
    assert.ok(listed[1].includes('GHSA-cpwx-vrp4-4pq7') && listed[1].includes('moderate · fixed in 3.1.6'), listed[1]);
    assert.ok(listed[2].includes('GHSA-g3rq-g295-4j3m') && listed[2].includes('moderate · fixed in 2.11.3'), listed[2]);
    assert.equal(listed[3], '- and 1 more');
    assert.ok(!text.includes('GHSA-aaaa-bbbb-cccc'), 'the low one is left out');
    assert.ok(text.includes('**3.1.6** is the nearest release that fixes all of them.'), text);
    assert.ok(text.includes('**Your responsibility: Pipeline code and dependencies.**'), text);
    assert.ok(text.includes('(https://www.astronomer.io/docs/astro/best-practices/upgrading-astro-runtime)'), text);
    assert.ok(text.includes('(https://www.astronomer.io/docs/astro/cli/private-python-packages)'), text);
    assert.ok(/\[ASR306 requirement-vulnerable\]\(https:\/\/\S+\/docs\/rules\/ASR306\.md\)/.test(text), text);
  });

  it('unpinned and ranged requirements: what they resolve to today', () => {
    assert.ok(hover('requests', { availability: 'online', latest: '2.32.5' }).includes('Not pinned: resolves to **2.32.5** today'));
    assert.ok(hover('requests>=2,<3', { availability: 'online', latest: '2.32.5' }).includes('Resolves to **2.32.5** today'));
    assert.ok(hover('requests<2', { availability: 'online', latest: '2.32.5' }).includes('is outside `<2`'));
    assert.ok(hover('requests', { availability: 'online' }).includes('they are looked up for a pinned version'));
  });

  it('says when advisories were not checked', () => {
    assert.ok(hover('jinja2==2.10', { availability: 'offline' }).includes('Advisories were not checked: looking them up is turned off'));
    assert.ok(hover('jinja2==2.10', { availability: 'unavailable' }).includes('Advisories were not checked: OSV could not be reached'));
    assert.ok(hover('jinja2==2.10', { availability: 'pending' }).includes('Looking up advisories'));
    assert.ok(hover('jinja2==3.1.6', { availability: 'online', latest: '3.1.6', advisories: [] }).includes('No published advisories for jinja2 3.1.6'));
  });

  it('VCS requirements: the revision as written', () => {
    const text = hover('git+https://github.com/acme/utils.git@v1.2#egg=utils', { availability: 'online' });
    assert.ok(text.includes('revision `v1.2`'), text);
    assert.ok(hover('git+https://github.com/acme/utils.git#egg=utils', { availability: 'online' }).includes('without a revision'));
  });

  it('never repeats the credentials of a URL', () => {
    const text = hover('tool @ https://deploy:Vq8LrT2mWx9KpZ4n@pkgs.example.com/tool-1.0.tar.gz', { availability: 'online' });
    assert.ok(text.includes('https://…@pkgs.example.com/tool-1.0.tar.gz'), text);
    assert.ok(!text.includes('Vq8Lr') && !text.includes('deploy:'), text);
  });
});
