import { strict as assert } from 'node:assert';
import { DockerIgnore, GitIgnores } from '../../../src/engine/files/ignore';
import { checkProjectFiles, FAKE, secretFindings, TEMPLATE } from './project';

describe('secrets: the astro dev init template and ignore-file semantics', () => {
  it('the untouched template gives no finding and no problem at all', async () => {
    const result = await checkProjectFiles({});
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.file}`), []);
  });

  it('.dockerignore follows Docker: anchored at the context root, * within one segment, ** across, ! exceptions, last match wins', () => {
    const d = new DockerIgnore('# comment\n.env\n*.pem\n**/*.key\n!keep.key\nsecrets/*\n!secrets/public\n');
    const judged = Object.fromEntries(['.env', '.env/dev.env', 'sub/.env', 'a.pem', 'sub/a.pem', 'x/y/a.key', 'keep.key', 'secrets/a', 'secrets/public', '# comment'].map((p) => [p, d.ignores(p)]));
    assert.deepEqual(judged, {
      '.env': true,
      '.env/dev.env': true,
      'sub/.env': false, // git would ignore it; Docker matches from the context root only
      'a.pem': true,
      'sub/a.pem': false,
      'x/y/a.key': true,
      'keep.key': false,
      'secrets/a': true,
      'secrets/public': false,
      '# comment': false,
    });
    assert.equal(new DockerIgnore(undefined).ignores('.env'), false);
  });

  it('.gitignore follows git: patterns match at any depth, deeper files win, a file in an ignored folder stays ignored', () => {
    const g = new GitIgnores();
    g.add({ path: '.gitignore', text: '.env\nlogs/\n' });
    g.add({ path: 'teams/a/.gitignore', text: '!.env\n!logs/keep.txt\n' });
    assert.equal(g.ignores('sub/.env'), true);
    assert.equal(g.ignores('teams/a/.env'), false);
    assert.equal(g.ignores('teams/a/logs/keep.txt'), true);
    assert.equal(g.ignores('teams/b/.env'), true);
  });

  it('files too large or binary are skipped; a file is listed once even in a monorepo of projects', async () => {
    const big = `API_KEY=${FAKE.awsSecret}\n${'#'.repeat(1024 * 1024)}`;
    assert.deepEqual(await secretFindings({ '.env.big': big, 'include/blob.bin': `\u0000${FAKE.privateKey}`, 'include/photo.png': FAKE.privateKey }), []);
    const files: Record<string, string> = { ...TEMPLATE, 'include/key.pem': FAKE.privateKey };
    for (const [k, v] of Object.entries(TEMPLATE)) files[`nested/${k}`] = v;
    const findings = await secretFindings({}, files);
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}`), ['ASR206 include/key.pem']);
  });
});
