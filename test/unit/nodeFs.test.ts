import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_READ_BYTES, NodeFs } from '../../src/engine/fs/nodeFs';
import { unreadableReason } from '../../src/engine/fs/text';

describe('NodeFs (the CLI reading the disk)', () => {
  let root: string;
  let fs: NodeFs;

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'astro-sr-nodefs-'));
    mkdirSync(path.join(root, 'dags'));
    writeFileSync(path.join(root, 'dags', 'a.py'), 'x = "é"\n');
    writeFileSync(path.join(root, 'huge.json'), '');
    truncateSync(path.join(root, 'huge.json'), 64 * 1024 * 1024); // sparse: costs no disk
    symlinkSync(path.join(root, 'dags'), path.join(root, 'link'));
    fs = new NodeFs(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads a file as UTF-8 by its relative path', async () => {
    assert.equal(await fs.readText('dags/a.py'), 'x = "é"\n');
  });

  it('gives undefined for a missing file, a folder, or a path through a file', async () => {
    assert.equal(await fs.readText('nope.py'), undefined);
    assert.equal(await fs.readText('dags'), undefined);
    assert.equal(await fs.readText('dags/a.py/b'), undefined);
  });

  it('reads at most MAX_READ_BYTES of a huge file, which is then reported as too large', async () => {
    const text = await fs.readText('huge.json');
    assert.equal(text?.length, MAX_READ_BYTES);
    assert.equal(unreadableReason(text!), 'skipped: larger than 1 MB');
  });

  it('lists symbolic links as other, so walks never follow them', async () => {
    const entries = await fs.list('');
    assert.deepEqual(
      entries.map((e) => `${e.name}:${e.kind}`).sort(),
      ['dags:dir', 'huge.json:file', 'link:other'],
    );
    assert.deepEqual(await fs.list('missing'), []);
  });

  it('skips a named pipe instead of waiting on it', async function () {
    if (process.platform === 'win32') this.skip();
    execFileSync('mkfifo', [path.join(root, 'Dockerfile')]);
    try {
      assert.equal(await fs.readText('Dockerfile'), undefined);
    } finally {
      rmSync(path.join(root, 'Dockerfile'));
    }
  });
});
