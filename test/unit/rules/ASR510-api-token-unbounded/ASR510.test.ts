import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { range, readFixture } from '../../helpers';
import { findingsOf } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR510-api-token-unbounded/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const SCRIPT = 'scripts/rotate-tokens.sh';
const WORKFLOW = '.github/workflows/tokens.yml';

describe('ASR510 api-token-unbounded', () => {
  it('a shell script: no --expiration (also in $(…) and with --expiration 0), an owner role (also across continued lines and as --role=…)', async () => {
    const findings = await findingsOf('ASR510', { [SCRIPT]: fixture('rotate-tokens.sh') });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity]),
      [
        [range(5, 32, 5, 44), 'warning'],
        [range(8, 9, 8, 24), 'warning'],
        [range(10, 57, 10, 75), 'warning'],
        [range(11, 16, 11, 28), 'warning'],
      ],
    );
    const [deployment, owner, orgOwner, zero] = findings;
    assert.match(deployment.message, /^`astro deployment token create` without an expiration makes a Deployment API token that never expires: it keeps its role until someone rotates or deletes it.* Add `--expiration 30` \(days, 1 to 3650\), give it the narrowest role/);
    assert.match(owner.message, /^`WORKSPACE_OWNER` gives this API token full control of the Workspace: its Deployments, users, Teams and other API tokens\..*`WORKSPACE_OPERATOR`/);
    assert.match(orgOwner.message, /^`ORGANIZATION_OWNER` gives this API token full control of the whole Organization/);
    assert.match(zero.message, /^`astro workspace token create` without an expiration \(`--expiration 0` means none\) makes a Workspace API token/);
    // Guessing an expiry or a role is the user's call: no quick fix.
    assert.ok(findings.every((f) => f.fixes.length === 0));
  });

  it('a GitHub Actions workflow: a run block, a command folded onto the next line, a command in a quoted string; not a commented step', async () => {
    const findings = await findingsOf('ASR510', { [WORKFLOW]: fixture('github-workflow.yml') });
    assert.deepEqual(findings.map((f) => [f.file, f.range]), [
      [WORKFLOW, range(9, 26, 9, 38)],
      [WORKFLOW, range(14, 31, 14, 43)],
    ]);
  });

  it('Makefiles, Jenkinsfiles, GitLab CI and the CLI\'s aliases (astro wo to cr, astro org); both problems of one command', async () => {
    const files = {
      Makefile: 'ci:\n\t@astro workspace token create --name $(NAME) --expiration $(DAYS)\n\t@astro wo to cr --name ci --role WORKSPACE_OWNER\n',
      'scripts/alias.sh': 'astro de to cr --name ci --deployment-id "$ID"\n',
      Jenkinsfile: "pipeline {\n  stages {\n    // sh 'astro deployment token create --name x'\n    stage('t') { steps { sh 'astro deployment token create --name jenkins' } }\n  }\n}\n",
      '.gitlab-ci.yml': 'tokens:\n  script:\n    - astro organization token create --name gl --role ORGANIZATION_MEMBER --expiration=14\n    - astro org token create --name gl2\n',
    };
    const findings = await findingsOf('ASR510', files);
    assert.deepEqual(
      findings.map((f) => [f.file, f.range]),
      [
        ['.gitlab-ci.yml', range(3, 16, 3, 28)],
        ['Jenkinsfile', range(3, 46, 3, 58)],
        ['Makefile', range(2, 11, 2, 16)],
        ['Makefile', range(2, 34, 2, 49)],
        ['scripts/alias.sh', range(0, 9, 0, 14)],
      ],
    );
  });

  it('a Groovy triple-quoted sh block and bash -c strings are read as commands', async () => {
    const jenkinsfile = ['node {', '  sh """', '    astro workspace token create \\', '      --name jenkins --role WORKSPACE_OWNER --expiration 30', '  """', '}', ''].join('\n');
    const script = 'bash -c "astro deployment token create --name inner"\n';
    const findings = await findingsOf('ASR510', { Jenkinsfile: jenkinsfile, 'scripts/inner.sh': script });
    assert.deepEqual(findings.map((f) => [f.file, f.range]), [
      ['Jenkinsfile', range(3, 28, 3, 43)],
      ['scripts/inner.sh', range(0, 26, 0, 38)],
    ]);
  });

  it('no finding with an expiration, for other token commands, in comments, in READMEs and other files', async () => {
    const line = 'astro deployment token create --name ci --role DEPLOYMENT_ADMIN\n';
    const files = {
      'scripts/ok.sh': [
        'astro deployment token create --name ci --expiration 90',
        'astro workspace token create --name ci -e 30 --role WORKSPACE_OPERATOR',
        'astro workspace token rotate --name ci',
        'astro deployment token list',
        '# astro deployment token create --name never',
        'echo "run astro deployment token create by hand"',
        '',
      ].join('\n'),
      'README.md': line,
      'docs/tokens.txt': line,
      'dags/notes.py': `# ${line}`,
      'ci/pipeline.yml': line,
    };
    assert.deepEqual(await findingsOf('ASR510', files), []);
  });
});
