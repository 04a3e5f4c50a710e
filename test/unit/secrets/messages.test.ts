/** Text the engine writes about a file never carries a credential from it: problems and messages of non-secret rules too. */
import { strict as assert } from 'node:assert';
import { checkTree } from '../../../src/engine/check';
import { MemoryFs } from '../../../src/engine/fs/fs';
import { testCatalog, TODAY } from '../helpers';

const TOKEN = 'Vq8LrT2mWx9KpZ4n';

async function everythingSaid(files: Record<string, string>): Promise<string> {
  const result = await checkTree(
    new MemoryFs({ Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0\n', '.astro/config.yaml': 'project:\n  name: t\n', ...files }),
    { catalog: testCatalog(), today: TODAY },
  );
  return JSON.stringify([result.findings.map((f) => [f.message, f.fixes.map((x) => x.title)]), result.problems]);
}

describe('nothing the engine says repeats a credential', () => {
  it('a requirement line pip rejects is described without the token in its URL', async () => {
    const said = await everythingSaid({ 'requirements.txt': `-e https://deploy:${TOKEN}@pkgs.example.com/simple/tool.tar.gz\n` });
    assert.ok(said.includes('ASR307') || said.includes('pip rejects'), said);
    assert.ok(!said.includes(TOKEN.slice(0, 5)), said);
  });

  it('an airflow_settings.yaml password read as a YAML alias is reported without the value', async () => {
    const said = await everythingSaid({
      'airflow_settings.yaml': `airflow:\n  connections:\n    - conn_id: warehouse\n      conn_type: postgres\n      conn_password: *${TOKEN}\n`,
    });
    assert.ok(said.includes('alias'), said);
    assert.ok(!said.includes(TOKEN.slice(0, 5)), said);
  });
});
