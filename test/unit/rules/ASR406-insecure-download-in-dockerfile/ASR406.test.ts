import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { applyEdits, applyFix, fixesOf, range, readFixture } from '../../helpers';
import { findingsOf, RUNTIME_DOCKERFILE } from '../../requirements/project';

const FIXTURES = path.resolve(__dirname, '../../../../../test/unit/rules/ASR406-insecure-download-in-dockerfile/fixtures');
const fixture = (name: string) => readFixture(FIXTURES, name);
const dockerfile = (...lines: string[]) => `${RUNTIME_DOCKERFILE}${lines.join('\n')}\n`;

describe('ASR406 insecure-download-in-dockerfile', () => {
  it('curl -k and --insecure, wget --no-check-certificate, [trusted=yes], apt --allow-unauthenticated, git -c http.sslVerify=false, pip --trusted-host, ENV PIP_TRUSTED_HOST, ARG GIT_SSL_NO_VERIFY', async () => {
    const text = fixture('insecure.Dockerfile');
    const findings = await findingsOf('ASR406', { Dockerfile: text });
    assert.deepEqual(
      findings.map((f) => [f.range, f.severity, f.fixes.map((x) => x.title)]),
      [
        [range(2, 14, 2, 15), 'warning', ['Remove `k` from `-fsSLk`']],
        [range(3, 12, 3, 22), 'warning', ['Remove `--insecure`']],
        [range(4, 12, 4, 34), 'warning', ['Remove `--no-check-certificate`']],
        [range(5, 15, 5, 26), 'warning', []],
        [range(6, 44, 6, 67), 'warning', ['Remove `--allow-unauthenticated`']],
        [range(7, 11, 7, 31), 'warning', ['Remove `-c http.sslVerify=false`']],
        [range(10, 4, 10, 18), 'warning', ['Remove `--trusted-host pypi.internal.example.com`']],
        [range(12, 26, 12, 66), 'warning', ['Remove `--trusted-host pypi.internal.example.com`']],
        [range(13, 4, 13, 46), 'warning', ['Remove `ENV PIP_TRUSTED_HOST`']],
        [range(14, 4, 14, 23), 'warning', ['Remove `ARG GIT_SSL_NO_VERIFY`']],
      ],
    );
    const [k, insecure, wget, trusted, apt, git, trustedHost, , env, arg] = findings;
    assert.match(k.message, /^`-k` \(in `-fsSLk`\) makes curl accept any certificate from the server, so anyone on the network path between the build and that server can hand the build different files, .* Remove it; for a private CA, give its certificate with `--cacert file`/);
    assert.match(insecure.message, /^`--insecure` makes curl accept any certificate/);
    assert.match(wget.message, /^`--no-check-certificate` makes wget accept any certificate.*`--ca-certificate=file`/);
    assert.match(trusted.message, /^`\[trusted=yes\]` makes apt install packages from this repository without checking their signatures.*\[signed-by=/);
    assert.match(apt.message, /^`--allow-unauthenticated` makes apt install packages whose signatures it cannot verify/);
    assert.match(git.message, /^`-c http\.sslVerify=false` makes Git accept any certificate.*`http\.sslCAInfo`/);
    assert.match(trustedHost.message, /^`--trusted-host pypi\.internal\.example\.com` lets pip download from that host over plain HTTP or with a certificate it cannot verify/);
    assert.match(env.message, /^`PIP_TRUSTED_HOST` makes pip accept `pypi\.internal\.example\.com`.* ENV values stay set in the image/);
    assert.match(arg.message, /^`GIT_SSL_NO_VERIFY` makes Git skip the check of the server's certificate over HTTPS \(whatever its value/);
  });

  it('the quick fixes delete the flag (only its letter in a cluster, its value with it, a whole continued line, a one-setting ENV line), and nothing else is left to report but [trusted=yes]', async () => {
    const text = fixture('insecure.Dockerfile');
    const findings = await findingsOf('ASR406', { Dockerfile: text });
    const fixed = applyEdits(text, findings.filter((f) => f.fixes.length > 0).map((f) => f.fixes[0].edits).flat());
    assert.equal(
      fixed,
      [
        'FROM quay.io/astronomer/astro-runtime:13.2.0',
        'USER root',
        'RUN curl -fsSL https://tools.example.com/cli.tar.gz -o /tmp/cli.tar.gz \\',
        '    && curl -o /tmp/ca.pem https://pki.example.com/ca.pem \\',
        '    && wget -q https://tools.example.com/jq -O /usr/local/bin/jq',
        'RUN echo "deb [trusted=yes] http://apt.example.com/debian ./" > /etc/apt/sources.list.d/internal.list \\',
        '    && apt-get update && apt-get install -y internal-odbc',
        'RUN git clone https://git.example.com/data/lib.git /opt/lib',
        'USER astro',
        'RUN pip install --no-cache-dir \\',
        '    --index-url https://pypi.internal.example.com/simple internal-lib==1.2.0',
        'RUN python -m pip install other-lib==2.0.0',
        '',
      ].join('\n'),
    );
    assert.deepEqual((await findingsOf('ASR406', { Dockerfile: fixed })).map((f) => f.range), [range(5, 15, 5, 26)]);
    assert.deepEqual(fixesOf(findings[0]), [{ title: 'Remove `k` from `-fsSLk`', isPreferred: true, edits: [{ range: range(2, 14, 2, 15), newText: '' }] }]);
  });

  it('no finding for curl -fsSL, -k of other commands or as a value, comments, checksums, signed-by, sslVerify=true, pip --cert, ARG without a value', async () => {
    assert.deepEqual(await findingsOf('ASR406', { Dockerfile: fixture('clean.Dockerfile') }), []);
  });

  it('python3 -m pip, pip3, uv, sudo and env prefixes, sh -c strings, RUN flags, git config, apt -o, export and inline settings', async () => {
    const text = dockerfile(
      'RUN --mount=type=secret,id=netrc pip3 install --trusted-host pypi.internal pkg',
      'RUN uv pip install --allow-insecure-host pypi.internal pkg && python3.12 -m pip config set global.trusted-host pypi.internal',
      'RUN sudo -E curl -sSLk https://e.com/x -o /x && env FOO=1 wget --no-check-cert https://e.com/y',
      "RUN sh -c 'curl -k https://e.com/z | tar -x'",
      'RUN git config --global http.sslVerify false && apt-get -o Acquire::https::Verify-Peer=false update',
      'RUN export GIT_SSL_NO_VERIFY=true && NODE_TLS_REJECT_UNAUTHORIZED=0 node fetch.js',
      'ENV A=1 UV_INSECURE_HOST=pypi.internal',
    );
    const findings = await findingsOf('ASR406', { Dockerfile: text });
    assert.deepEqual(
      findings.map((f) => [f.range, f.fixes.length]),
      [
        [range(1, 46, 1, 60), 1],
        [range(2, 19, 2, 40), 1],
        [range(2, 91, 2, 110), 0],
        [range(3, 21, 3, 22), 1],
        [range(3, 63, 3, 78), 1],
        [range(4, 16, 4, 18), 1],
        [range(5, 24, 5, 44), 0],
        [range(5, 59, 5, 92), 1],
        [range(6, 11, 6, 33), 0],
        [range(6, 37, 6, 67), 1],
        [range(7, 8, 7, 38), 0],
      ],
    );
    assert.match(findings[1].message, /^`--allow-insecure-host pypi\.internal` lets uv download/);
    assert.match(findings[2].message, /^`pip config set global\.trusted-host` makes every later pip command/);
    assert.match(findings[6].message, /^`git config http\.sslVerify false` makes Git accept any certificate/);
    assert.match(findings[7].message, /turns off apt's check of the repository server's certificate/);
    assert.match(findings[9].message, /^`NODE_TLS_REJECT_UNAUTHORIZED=0` makes Node\.js accept any certificate/);
    // The inline setting goes with the space after it.
    assert.equal(applyFix(text, findings[9].fixes[0]).split('\n')[6], 'RUN export GIT_SSL_NO_VERIFY=true && node fetch.js');
  });

  it('never shows a value that is not a host name (it could hold a credential)', async () => {
    const text = dockerfile('RUN pip install --trusted-host "etl:Qm4-vT8xR2kW7pLz@pypi.internal" pkg', 'ENV PIP_TRUSTED_HOST=https://etl:Qm4-vT8xR2kW7pLz@pypi.internal');
    const findings = await findingsOf('ASR406', { Dockerfile: text });
    assert.equal(findings.length, 2);
    for (const f of findings) {
      assert.ok(!f.message.includes('Qm4-vT8xR2kW7pLz'), f.message);
      for (const fix of f.fixes) assert.ok(!fix.title.includes('Qm4-vT8xR2kW7pLz'), fix.title);
    }
    assert.match(findings[0].message, /^`--trusted-host` lets pip download/);
    assert.match(findings[1].message, /^`PIP_TRUSTED_HOST` makes pip accept a host over plain HTTP/);
  });

  it('a comment line inside a continued RUN is not part of it; the flags after it are', async () => {
    const text = dockerfile('RUN pip install \\', '    # --trusted-host is needed for the mirror (curl -k too)', '    --trusted-host mirror.internal \\', '    -r requirements.txt');
    const findings = await findingsOf('ASR406', { Dockerfile: text, 'requirements.txt': 'pandas==2.2.3\n' });
    assert.deepEqual(findings.map((f) => f.range), [range(3, 4, 3, 18)]);
    assert.equal(applyFix(text, findings[0].fixes[0]), dockerfile('RUN pip install \\', '    # --trusted-host is needed for the mirror (curl -k too)', '    -r requirements.txt'));
  });
});
