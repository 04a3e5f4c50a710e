import { strict as assert } from 'node:assert';
import { normalizeName } from '../../../src/engine/knowledge/packages/pep503';
import { parseRequirementsFile, resolveInclude } from '../../../src/engine/files/requirements/parse';
import type { RequirementFile } from '../../../src/engine/files/requirements/model';
import { range } from '../helpers';

const parse = (text: string, kind: 'requirements' | 'constraints' = 'requirements', path = 'requirements.txt'): RequirementFile => parseRequirementsFile(path, text, kind);

function one(text: string) {
  const f = parse(text);
  assert.deepEqual(f.invalid, [], JSON.stringify(f.invalid));
  assert.equal(f.requirements.length, 1, JSON.stringify(f));
  return f.requirements[0];
}

function invalid(text: string, kind: 'requirements' | 'constraints' = 'requirements') {
  const f = parse(text, kind);
  assert.equal(f.requirements.length, 0, JSON.stringify(f.requirements));
  assert.equal(f.invalid.length, 1, JSON.stringify(f));
  return f.invalid[0];
}

describe('parseRequirementsFile', () => {
  describe('named requirements (PEP 508)', () => {
    it('name, specifier, pinned version, exact ranges', () => {
      const r = one('requests==2.31.0\n');
      assert.equal(r.kind, 'named');
      assert.equal(r.name, 'requests');
      assert.equal(r.normalizedName, 'requests');
      assert.equal(r.specifier, '==2.31.0');
      assert.equal(r.pinnedVersion, '2.31.0');
      assert.deepEqual(r.range, range(0, 0, 0, 16));
      assert.deepEqual(r.fullRange, range(0, 0, 1, 0));
      assert.deepEqual(r.nameRange, range(0, 0, 0, 8));
      assert.deepEqual(r.specifierRange, range(0, 8, 0, 16));
      assert.deepEqual(r.specs, [{ operator: '==', version: '2.31.0', range: range(0, 8, 0, 16) }]);
      assert.equal(r.editable, false);
      assert.deepEqual(r.hashes, []);
    });

    it('extras, several specifiers with spaces, and a marker', () => {
      const r = one('pandas[excel, perf] >= 2.0 , <3 ; python_version >= "3.9" and sys_platform != \'win32\'');
      assert.equal(r.name, 'pandas');
      assert.deepEqual(r.extras, ['excel', 'perf']);
      assert.deepEqual(r.extrasRange, range(0, 6, 0, 19));
      assert.equal(r.specifier, '>= 2.0 , <3');
      assert.deepEqual(r.specs.map((s) => [s.operator, s.version]), [['>=', '2.0'], ['<', '3']]);
      assert.deepEqual(r.specs[1].range, range(0, 29, 0, 31));
      assert.equal(r.marker, 'python_version >= "3.9" and sys_platform != \'win32\'');
      assert.equal(r.pinnedVersion, undefined);
    });

    it('every operator: ~=, ===, !=, <=, >, wildcards; parenthesised specifiers', () => {
      assert.equal(one('a~=1.4.2').specs[0].operator, '~=');
      assert.equal(one('a===1.0-legacy').pinnedVersion, '1.0-legacy');
      assert.equal(one('a==1.4.*').pinnedVersion, undefined);
      assert.deepEqual(one('a!=1.5,<=2,>0.9').specs.map((s) => s.operator), ['!=', '<=', '>']);
      const p = one('a (>=1.0, <2.0)');
      assert.equal(p.specifier, '>=1.0, <2.0');
      assert.deepEqual(p.specifierRange, range(0, 3, 0, 14));
      assert.equal(one('a==1.0+local.1').pinnedVersion, '1.0+local.1');
      assert.equal(one('a==2!1.0rc1.post2.dev3').pinnedVersion, '2!1.0rc1.post2.dev3');
    });

    it('PEP 503 normalisation', () => {
      assert.equal(normalizeName('Apache_Airflow.Providers--Google'), 'apache-airflow-providers-google');
      assert.equal(one('Foo.Bar_baz==1').normalizedName, 'foo-bar-baz');
    });

    it('markers: every variable, in / not in, parentheses, extra', () => {
      for (const m of [
        'python_full_version < "3.11.4"',
        'os_name == "posix" or (platform_machine in "x86_64 aarch64" and platform_system not in "Windows")',
        "platform_python_implementation == 'CPython' and implementation_name == 'cpython'",
        'extra == "test"',
        'platform_release >= "5" and platform_version != "x" and implementation_version > "3"',
      ]) {
        assert.equal(one(`a==1; ${m}`).marker, m);
      }
    });

    it('direct references: name @ URL, with extras and a marker after whitespace', () => {
      const r = one('pkg[x] @ https://example.com/pkg-1.0.tar.gz ; python_version < "3.12"');
      assert.equal(r.kind, 'url');
      assert.equal(r.name, 'pkg');
      assert.deepEqual(r.extras, ['x']);
      assert.equal(r.url, 'https://example.com/pkg-1.0.tar.gz');
      assert.deepEqual(r.urlRange, range(0, 9, 0, 43));
      assert.equal(r.marker, 'python_version < "3.12"');
      const f = one('pkg @ file:///opt/pkg');
      assert.equal(f.kind, 'path');
      const v = one('pkg @ git+https://github.com/o/r.git@v1.2#subdirectory=src');
      assert.equal(v.kind, 'vcs');
      assert.deepEqual(v.vcs, { scheme: 'git', revision: 'v1.2', revisionRange: range(0, 37, 0, 41) });
    });
  });

  describe('URLs, VCS and local paths', () => {
    it('VCS URLs: git+https with a tag and #egg=, git+ssh with user@host and a full hash', () => {
      const r = one('git+https://github.com/org/repo.git@v1.0#egg=mypkg');
      assert.equal(r.kind, 'vcs');
      assert.equal(r.name, 'mypkg');
      assert.deepEqual(r.nameRange, range(0, 45, 0, 50));
      assert.deepEqual(r.vcs, { scheme: 'git', revision: 'v1.0', revisionRange: range(0, 36, 0, 40) });
      const hash = '0123456789abcdef0123456789abcdef01234567';
      const s = one(`git+ssh://git@github.com/org/repo.git@${hash}#egg=other`);
      assert.equal(s.vcs?.revision, hash);
      const n = one('git+ssh://git@github.com/org/repo.git#egg=x');
      assert.deepEqual(n.vcs, { scheme: 'git' });
    });

    it('hg+, svn+, bzr+ and plain git:// URLs', () => {
      assert.equal(one('hg+https://hg.example.com/repo@abc#egg=h').vcs?.scheme, 'hg');
      assert.deepEqual(one('svn+https://svn.example.com/repo/trunk@1234#egg=s').vcs?.revision, '1234');
      assert.equal(one('bzr+lp:project#egg=b').vcs?.scheme, 'bzr');
      assert.equal(one('git://github.com/o/r.git@main#egg=g').vcs?.revision, 'main');
      assert.equal(one('git+https://github.com/o/r').name, undefined);
    });

    it('wheel files and URLs: the name and pinned version come from the file name', () => {
      const w = one('https://files.example.com/pkgs/foo_bar-1.2.3-py3-none-any.whl');
      assert.equal(w.kind, 'url');
      assert.equal(w.name, 'foo_bar');
      assert.equal(w.normalizedName, 'foo-bar');
      assert.equal(w.pinnedVersion, '1.2.3');
      const local = one('./wheels/pkg-2.0-1-cp311-cp311-manylinux_2_17_x86_64.whl');
      assert.equal(local.kind, 'path');
      assert.equal(local.pinnedVersion, '2.0');
      assert.match(invalid('https://x/notawheel.whl').message, /not a valid wheel file name/);
    });

    it('sdists, archive URLs, local folders and absolute paths, with extras', () => {
      assert.equal(one('./dist/pkg-1.0.tar.gz').kind, 'path');
      assert.equal(one('https://x/pkg-1.0.zip#egg=pkg').name, 'pkg');
      const d = one('./local/pkg[extra1,extra2]');
      assert.equal(d.kind, 'path');
      assert.equal(d.url, './local/pkg');
      assert.deepEqual(d.extras, ['extra1', 'extra2']);
      assert.equal(one('../sibling').kind, 'path');
      assert.equal(one('/abs/path/pkg').url, '/abs/path/pkg');
      assert.equal(one('.').kind, 'path');
      assert.equal(one('pkgs/mine').kind, 'path');
      assert.equal(one('~/src/pkg').kind, 'path');
    });

    it('editables: a local folder, a VCS URL with #egg=; a VCS URL without one is rejected', () => {
      const e = one('-e .');
      assert.equal(e.editable, true);
      assert.equal(e.kind, 'path');
      assert.deepEqual(e.urlRange, range(0, 3, 0, 4));
      const v = one('--editable=git+https://github.com/o/r.git@main#egg=pkg[x]');
      assert.equal(v.kind, 'vcs');
      assert.equal(v.name, 'pkg');
      assert.deepEqual(v.extras, ['x']);
      assert.match(invalid('-e git+https://github.com/o/r.git@main').message, /#egg=name/);
      assert.match(invalid('-e https://example.com/pkg.tar.gz').message, /neither a local folder nor a VCS URL/);
    });
  });

  describe('lines, comments and continuations', () => {
    it('full-line and inline comments; # inside a word is not a comment', () => {
      const f = parse('# a comment\n  # indented\nrequests==2.0 # why\nfoo==1#x\n\n');
      assert.deepEqual(f.invalid.map((i) => i.text), ['foo==1#x']);
      assert.deepEqual(f.requirements.map((r) => [r.name, r.range]), [['requests', range(2, 0, 2, 13)]]);
    });

    it('the untouched astro dev init template has nothing', () => {
      const f = parse('# Astro Runtime includes the following pre-installed providers packages: https://www.astronomer.io/docs/astro/runtime-image-architecture#provider-packages\n');
      assert.deepEqual(f, { path: 'requirements.txt', kind: 'requirements', requirements: [], includes: [], options: [], invalid: [] });
    });

    it('backslash continuations: ranges stay on the physical lines; hashes are collected', () => {
      const text = 'numpy==1.26.4 \\\n    --hash=sha256:aaa \\\n    --hash=sha512:bbb\nnext==1\n';
      const f = parse(text);
      assert.deepEqual(f.invalid, []);
      const [r, next] = f.requirements;
      assert.deepEqual(r.hashes, ['sha256:aaa', 'sha512:bbb']);
      assert.deepEqual(r.range, range(0, 0, 2, 21));
      assert.deepEqual(r.fullRange, range(0, 0, 3, 0));
      assert.deepEqual(next.range, range(3, 0, 3, 7));
    });

    it('a continuation inside a requirement keeps exact ranges on the second line', () => {
      const r = one('pandas\\\n>=2.0\n');
      assert.equal(r.specifier, '>=2.0');
      assert.deepEqual(r.specifierRange, range(1, 0, 1, 5));
      assert.deepEqual(r.range, range(0, 0, 1, 5));
    });

    it('a comment at the end of a continued line swallows the next line, as in pip', () => {
      const f = parse('requests # note \\\nflask\n');
      assert.deepEqual(f.requirements.map((r) => r.name), ['requests']);
    });

    it('CRLF line endings and a BOM', () => {
      const f = parse('\ufeffa==1\r\nb==2\r\n');
      assert.deepEqual(f.requirements.map((r) => [r.name, r.range]), [
        ['a', range(0, 1, 0, 5)],
        ['b', range(1, 0, 1, 4)],
      ]);
    });

    it('the last line without a newline: fullRange ends at the end of the file', () => {
      const f = parse('a==1\nb==2');
      assert.deepEqual(f.requirements[1].fullRange, range(1, 0, 1, 4));
    });
  });

  describe('options and includes', () => {
    it('-r/--requirement and -c/--constraint, relative to the including file, every spelling', () => {
      const f = parseRequirementsFile('reqs/dev.txt', '-r base.txt\n-rshort.txt\n--requirement=../top.txt\n-c "with space.txt"\n--constraint ../../up.txt\n-c https://example.com/c.txt\n', 'requirements');
      assert.deepEqual(f.invalid, []);
      assert.deepEqual(
        f.includes.map((i) => [i.kind, i.target, i.resolved]),
        [
          ['requirement', 'base.txt', 'reqs/base.txt'],
          ['requirement', 'short.txt', 'reqs/short.txt'],
          ['requirement', '../top.txt', 'top.txt'],
          ['constraint', 'with space.txt', 'reqs/with space.txt'],
          ['constraint', '../../up.txt', undefined],
          ['constraint', 'https://example.com/c.txt', undefined],
        ],
      );
      assert.deepEqual(f.includes[0].range, range(0, 0, 0, 11));
      assert.deepEqual(f.includes[0].targetRange, range(0, 3, 0, 11));
      assert.deepEqual(f.includes[3].targetRange, range(3, 4, 3, 18));
      assert.equal(resolveInclude('a/b.txt', '/abs.txt'), undefined);
    });

    it('index, find-links, trusted-host, binary and other file options with values and ranges', () => {
      const text = [
        '-i https://pypi.example.com/simple',
        '--index-url=http://plain/simple',
        '--extra-index-url https://${USER}:${TOKEN}@private.example.com/simple',
        '-f ./wheels',
        '--find-links https://x/links',
        '--trusted-host private.example.com',
        '--no-binary :all:',
        '--only-binary=numpy,scipy',
        '--pre',
        '--prefer-binary',
        '--require-hashes',
        '--no-index',
        '--use-feature=truststore',
        '--extra-index https://abbrev/simple',
      ].join('\n');
      const f = parse(text);
      assert.deepEqual(f.invalid, []);
      assert.deepEqual(
        f.options.map((o) => [o.name, o.value]),
        [
          ['--index-url', 'https://pypi.example.com/simple'],
          ['--index-url', 'http://plain/simple'],
          ['--extra-index-url', 'https://${USER}:${TOKEN}@private.example.com/simple'],
          ['--find-links', './wheels'],
          ['--find-links', 'https://x/links'],
          ['--trusted-host', 'private.example.com'],
          ['--no-binary', ':all:'],
          ['--only-binary', 'numpy,scipy'],
          ['--pre', undefined],
          ['--prefer-binary', undefined],
          ['--require-hashes', undefined],
          ['--no-index', undefined],
          ['--use-feature', 'truststore'],
          ['--extra-index-url', 'https://abbrev/simple'],
        ],
      );
      assert.deepEqual(f.options[0].range, range(0, 0, 0, 34));
      assert.deepEqual(f.options[0].valueRange, range(0, 3, 0, 34));
      assert.deepEqual(f.options[1].valueRange, range(1, 12, 1, 31));
    });

    it('per-requirement options: --hash, --config-settings, --global-option', () => {
      const r = one('pkg==1.0 --hash=sha256:aa --config-settings=editable_mode=compat --global-option=--quiet');
      assert.deepEqual(r.hashes, ['sha256:aa']);
      assert.deepEqual(r.range, range(0, 0, 0, 88));
    });

    it('${VAR} is kept as written and is not invalid (names, versions, URLs)', () => {
      const f = parse('mypkg==${VERSION}\nfoo @ ${URL}\nbar @ git+https://${TOKEN}@github.com/o/r.git@${REV}\n');
      assert.deepEqual(f.invalid, []);
      assert.equal(f.requirements[0].specifier, '==${VERSION}');
      assert.equal(f.requirements[0].pinnedVersion, undefined);
      assert.equal(f.requirements[1].url, '${URL}');
      assert.equal(f.requirements[2].vcs?.revision, '${REV}');
    });
  });

  describe('lines pip rejects', () => {
    const cases: [string, RegExp][] = [
      ['requests flask', /two package names run together \(`requests` and `flask`\)/],
      ['requests==', /`==` is not followed by a version/],
      ['requests=2.0', /`=` is not a version operator: use `==`/],
      ['requests==2.0.x', /`2\.0\.x` is not a valid version/],
      ['a~=1', /`~=1` is not a valid version specifier/],
      ['a<=1.0.*', /not a valid version specifier/],
      ['a>=1,', /not followed by a version/],
      ['a>=1 <2', /unexpected `<`/],
      ['a>=1.0[extra]', /extras must come before/],
      ['a[b', /no closing `\]`/],
      ['a (>=1', /not closed/],
      ['--foo', /no option `--foo`/],
      ['-x foo', /no option `-x`/],
      ['--no', /ambiguous/],
      ['--install-option=--prefix=/x', /--install-option/],
      ['-r', /needs a value/],
      ['--index-url', /needs a value/],
      ['--pre=yes', /takes no value/],
      ['pkg --hash=md5:abc', /sha256, sha384 and sha512/],
      ['pkg --hash=abc', /hash name and a value/],
      ['pkg --config-settings x', /KEY=VALUE/],
      ['pkg --hash="unclosed', /no closing/],
      ['a ; python_version >> "3"', /marker/],
      ['a ; nonsense == "1"', /`nonsense` is not a marker variable/],
      ['a ; python_version == "3', /not closed/],
      ['a ;', /empty/],
      ['>=1.0', /no package name/],
      ['foo @ not-a-url', /not a URL/],
      ['-e https://example.com/pkg.tar.gz', /neither a local folder nor a VCS URL/],
      ['astronomer-cosmos[dbt-bigquery]==1.0.3 // install google + cosmos + dbt', /`\/\/` does not start a comment/],
      ['pkg==1.0/x', /not a valid version/],
    ];
    for (const [text, message] of cases) {
      it(`rejects ${JSON.stringify(text)}`, () => {
        const bad = invalid(`${text}\n`);
        assert.match(bad.message, message);
        assert.equal(bad.text, text);
        assert.deepEqual(bad.range, range(0, 0, 0, text.length));
      });
    }

    it('constraints files: no extras, no editables, no unnamed requirements', () => {
      assert.match(invalid('pkg[x]==1', 'constraints').message, /cannot hold extras/);
      assert.match(invalid('-e git+https://github.com/o/r#egg=p', 'constraints').message, /editable/);
      assert.match(invalid('https://x/pkg-1.0.tar.gz', 'constraints').message, /named requirements/);
      assert.equal(parse('pkg==1\npkg2 @ https://x/p.tar.gz', 'constraints').requirements.length, 2);
    });

    it('one bad line does not stop the others', () => {
      const f = parse('a==1\nrequests flask\nb==2\n');
      assert.deepEqual(f.requirements.map((r) => r.name), ['a', 'b']);
      assert.deepEqual(f.invalid.map((i) => i.range), [range(1, 0, 1, 14)]);
    });
  });

  describe('input that is not a requirements file', () => {
    it('NUL bytes: skipped, no entries', () => {
      const f = parse('a==1\u0000\u0001\u0002');
      assert.equal(f.skipped, 'skipped: binary content');
      assert.deepEqual(f.requirements, []);
    });

    it('over 1 MB: skipped without parsing', () => {
      const f = parse('a==1\n'.repeat(250_000));
      assert.match(f.skipped ?? '', /larger than 1 MB/);
      assert.deepEqual(f.requirements, []);
    });

    it('random bytes and long lines never throw', () => {
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const alphabet = 'abc=<>~!@#$%^&*()[]{};:\'",.\\/ -_\n\t\r+${}ABC0123';
      for (let n = 0; n < 200; n++) {
        let s = '';
        for (let k = 0; k < 200; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
        assert.doesNotThrow(() => parse(s));
      }
      const start = Date.now();
      parse(`${'a'.repeat(500_000)}==${'1.'.repeat(200_000)}1`);
      parse(`${'-r x '.repeat(100_000)}`);
      assert.ok(Date.now() - start < 3000, 'linear time');
    });
  });
});
