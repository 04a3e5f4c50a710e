import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { latestFromPypi, lookUpLatest } from '../../../src/engine/knowledge/packages/pypi';
import { deadBase, PACKAGE_FIXTURES, serveIntel, type IntelServer } from './intelServer';

const doc = (name: string) => JSON.parse(readFileSync(path.join(PACKAGE_FIXTURES, 'pypi', `${name}.json`), 'utf8'));

describe('PyPI newest versions', () => {
  it('the highest final release with files that are not all yanked', () => {
    // requests: 2.32.5 (info.version) is yanked, 2.33.0rc1 and .dev1 are pre-releases, 3.0.0 has no files
    assert.equal(latestFromPypi(doc('requests')), '2.32.4');
    assert.equal(latestFromPypi(doc('jinja2')), '3.1.6');
    assert.equal(latestFromPypi(doc('urllib3')), '2.10.0', 'ordered as versions, not text');
  });

  it('a release with one yanked file among others is still installable', () => {
    const d = doc('requests');
    d.releases['2.32.5'][0].yanked = false;
    assert.equal(latestFromPypi(d), '2.32.5');
  });

  it('without a release list: info.version unless yanked or a pre-release', () => {
    assert.equal(latestFromPypi({ info: { version: '1.2.3' } }), '1.2.3');
    assert.equal(latestFromPypi({ info: { version: '1.2.3' }, releases: {} }), '1.2.3');
    assert.equal(latestFromPypi({ info: { version: '1.2.3', yanked: true } }), undefined);
    assert.equal(latestFromPypi({ info: { version: '2.0b1' } }), undefined);
    assert.equal(latestFromPypi({ releases: { '2.0b1': [{ yanked: false }] } }), undefined);
    assert.equal(latestFromPypi(null), undefined);
  });

  describe('lookUpLatest', () => {
    let server: IntelServer;
    afterEach(async () => server?.close());

    it('GETs /pypi/NAME/json per name; 404 means not on the index', async () => {
      server = await serveIntel();
      const { latest, notes } = await lookUpLatest(['requests', 'jinja2', 'my-private-lib', 'requests'], { baseUrl: server.pypiUrl, timeoutMs: 2000, concurrency: 2 });
      assert.deepEqual(notes, []);
      assert.deepEqual(latest, new Map<string, string | null>([
        ['jinja2', '3.1.6'],
        ['my-private-lib', null],
        ['requests', '2.32.4'],
      ]));
      assert.equal(latest.get('requests'), '2.32.4');
      assert.equal(latest.get('jinja2'), '3.1.6');
      assert.equal(latest.get('my-private-lib'), null);
      assert.deepEqual(server.requests.map((r) => r.path).sort(), ['/pypi/pypi/jinja2/json', '/pypi/pypi/my-private-lib/json', '/pypi/pypi/requests/json']);
      assert.equal(server.requests[0].headers.accept, 'application/json');
    });

    it('a dead index: nothing, one note, no throw', async () => {
      const base = await deadBase();
      const { latest, notes } = await lookUpLatest(['requests', 'jinja2'], { baseUrl: base, timeoutMs: 2000 });
      assert.equal(latest.size, 0);
      assert.equal(notes.length, 1);
      assert.match(notes[0], /^could not read newest versions from http:\/\/127\.0\.0\.1:\d+: /);
    });
  });
});
