/**
 * Models kept between checks (the editor's ModelCache): an unchanged file is
 * the same SourceFile with the same models; a changed one starts from its
 * previous version, and what it finds is what a fresh scan finds.
 */
import { strict as assert } from 'node:assert';
import { known, knownMemo } from '../../../src/engine/analysis/secrets/found';
import { scanSource } from '../../../src/engine/analysis/secrets/occurrences';
import { SourceFile } from '../../../src/engine/files/source';
import { MemoryFs } from '../../../src/engine/fs/fs';
import { findProjectOf } from '../../../src/engine/project/find';
import { ModelCache } from '../../../src/engine/project/load';
import type { AstroProject } from '../../../src/engine/project/model';
import { FAKE, TEMPLATE } from '../secrets/project';

describe('ModelCache: models kept between checks', () => {
  it('an unchanged file is the same SourceFile (its scan is not made again); a changed one is new and knows its previous version', async () => {
    const files = { ...TEMPLATE, 'dags/etl.py': `import os\n\ndb_password = "${FAKE.password}"\n` };
    const cache = new ModelCache();
    const dag = (p: AstroProject | undefined) => p!.files!.sources.find((s) => s.rel === 'dags/etl.py')!;
    const first = await findProjectOf(new MemoryFs(files), 'dags/etl.py', [], { cache });
    const second = await findProjectOf(new MemoryFs(files), 'dags/etl.py', [], { cache });
    assert.equal(dag(second), dag(first));
    assert.equal(dag(second).model(scanSource), dag(first).model(scanSource));
    const changed = await findProjectOf(new MemoryFs({ ...files, 'dags/etl.py': `${files['dags/etl.py']}# done\n` }), 'dags/etl.py', [], { cache });
    assert.notEqual(dag(changed), dag(first));
    assert.equal(dag(changed).previous, dag(first));
    assert.equal(dag(first).previous, undefined);
  });

  it('known() with a memo carried from version to version finds what a fresh scan finds, edit after edit', () => {
    const lines = [
      'import os',
      `token = "${FAKE.githubToken}"`,
      '',
      'def run():',
      `    url = "postgresql://etl:${FAKE.password}@db.example.com/w"`,
      '    key = os.environ["API_KEY"]',
      '    aws = "AKIAQ3EGTX7DLN2JKW5R"  # made up',
    ];
    let previous: SourceFile | undefined;
    for (let edit = 0; edit < 12; edit++) {
      lines[edit % lines.length] += edit % 2 ? ' ' : '#';
      const text = lines.join('\n');
      const file = new SourceFile('dags/x.py', 'dags/x.py', 'python', text);
      file.previous = previous;
      const fresh = known(text, 'python', 'w');
      assert.ok(fresh.length >= 2, `edit ${edit}: ${fresh.length} hits`);
      assert.deepEqual(known(text, 'python', 'w', 0, undefined, file.model(knownMemo)), fresh, `edit ${edit}`);
      previous = file;
    }
  });
});
