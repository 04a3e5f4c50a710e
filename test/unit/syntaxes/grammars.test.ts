// The TextMate grammars of syntaxes/, tokenised as VS Code does (vscode-textmate
// with the Oniguruma WASM), on the lines people write in requirements.txt and packages.txt.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dump, SYNTAXES, tokenize, type Token } from './tokenize';

const PIP = 'source.pip-requirements';
const APT = 'source.apt-packages';

/**
 * Asserts that `fragment` (its `nth` occurrence in the line) is covered by tokens
 * that all carry a scope starting with `scope`, and that these tokens do not
 * reach beyond the fragment.
 */
function expectScope(tokens: Token[], fragment: string, scope: string, nth = 0): void {
  const line = tokens.map((t) => t.text).join('');
  let start = -1;
  for (let i = 0; i <= nth; i++) start = line.indexOf(fragment, start + 1);
  assert.ok(start >= 0, `"${fragment}" is not in ${JSON.stringify(line)}`);
  const end = start + fragment.length;
  let offset = 0;
  const covering: Token[] = [];
  for (const t of tokens) {
    const tStart = offset;
    offset += t.text.length;
    if (offset > start && tStart < end) {
      covering.push(t);
      const has = t.scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
      assert.ok(has, `"${t.text}" in "${fragment}" lacks ${scope}:\n${dump(tokens)}`);
      assert.ok(tStart >= start && offset <= end, `token "${t.text}" (${scope}) reaches beyond "${fragment}":\n${dump(tokens)}`);
    }
  }
  assert.ok(covering.length > 0);
}

/** Asserts that no token of `fragment` carries a scope starting with `scope`. */
function expectNoScope(tokens: Token[], fragment: string, scope: string): void {
  const line = tokens.map((t) => t.text).join('');
  const start = line.indexOf(fragment);
  assert.ok(start >= 0, `"${fragment}" is not in ${JSON.stringify(line)}`);
  let offset = 0;
  for (const t of tokens) {
    const tStart = offset;
    offset += t.text.length;
    if (offset > start && tStart < start + fragment.length) {
      assert.ok(!t.scopes.some((s) => s.startsWith(scope)), `"${t.text}" has ${scope}:\n${dump(tokens)}`);
    }
  }
}

async function line(scopeName: string, text: string): Promise<Token[]> {
  const [tokens] = await tokenize(scopeName, text);
  return tokens;
}

describe('TextMate grammar: pip requirements', () => {
  it('is the grammar package.json contributes for the pip-requirements language', () => {
    const pkg = JSON.parse(readFileSync(path.join(SYNTAXES, '..', 'package.json'), 'utf8'));
    const grammars = pkg.contributes.grammars as { language: string; scopeName: string; path: string }[];
    const languages = pkg.contributes.languages as { id: string; filenamePatterns?: string[]; configuration?: string }[];
    for (const [id, scopeName, file] of [
      ['pip-requirements', PIP, 'pip-requirements.tmLanguage.json'],
      ['apt-packages', APT, 'apt-packages.tmLanguage.json'],
    ]) {
      const g = grammars.find((x) => x.language === id);
      assert.ok(g, `no grammar for ${id}`);
      assert.equal(g.scopeName, scopeName);
      assert.equal(path.normalize(g.path), path.normalize(`./syntaxes/${file}`));
      assert.equal(JSON.parse(readFileSync(path.join(SYNTAXES, file), 'utf8')).scopeName, scopeName);
      const lang = languages.find((x) => x.id === id);
      assert.ok(lang?.configuration, `no language configuration for ${id}`);
      const config = JSON.parse(readFileSync(path.join(SYNTAXES, '..', lang.configuration), 'utf8'));
      assert.equal(config.comments.lineComment, '#');
    }
    const pip = languages.find((x) => x.id === 'pip-requirements')!;
    assert.deepEqual(pip.filenamePatterns, ['requirements*.txt', '*requirements.txt', 'constraints*.txt', '**/requirements/*.txt']);
    assert.deepEqual(languages.find((x) => x.id === 'apt-packages')!.filenamePatterns, ['packages.txt']);
  });

  it('scopes a name, its extras, operators, versions and a comment', async () => {
    const t = await line(PIP, 'requests[security,socks]>=2.31.0,<3  # HTTP');
    expectScope(t, 'requests', 'entity.name.type.package.pip-requirements');
    expectScope(t, 'security', 'variable.parameter.extra.pip-requirements');
    expectScope(t, 'socks', 'variable.parameter.extra.pip-requirements');
    expectScope(t, '[', 'punctuation.section.extras.begin.pip-requirements');
    expectScope(t, '>=', 'keyword.operator.comparison.pip-requirements');
    expectScope(t, '2.31.0', 'constant.numeric.version.pip-requirements');
    expectScope(t, '<', 'keyword.operator.comparison.pip-requirements');
    expectScope(t, '3', 'constant.numeric.version.pip-requirements', 1);
    expectScope(t, '# HTTP', 'comment.line.number-sign.pip-requirements');
    expectScope(t, '#', 'punctuation.definition.comment.pip-requirements');
    expectNoScope(t, 'requests', 'comment');
  });

  it('scopes every PEP 440 operator and versions with wildcards, pre-releases and local parts', async () => {
    for (const op of ['==', '===', '~=', '!=', '<=', '>=', '<', '>']) {
      const t = await line(PIP, `apache-airflow-providers-amazon ${op} 8.28.0rc1`);
      expectScope(t, 'apache-airflow-providers-amazon', 'entity.name.type.package');
      expectScope(t, op, 'keyword.operator.comparison.pip-requirements');
      expectScope(t, '8.28.0rc1', 'constant.numeric.version.pip-requirements');
    }
    const t = await line(PIP, 'pandas==2.2.*');
    expectScope(t, '2.2.*', 'constant.numeric.version');
    const local = await line(PIP, 'torch===2.3.0+cpu');
    expectScope(local, '===', 'keyword.operator.comparison');
    expectScope(local, '2.3.0+cpu', 'constant.numeric.version');
  });

  it('scopes environment markers: variables, operators, strings', async () => {
    const t = await line(PIP, `pywin32>=306 ; sys_platform == 'win32' and python_version not in "3.8, 3.9" or extra == "x"`);
    expectScope(t, 'pywin32', 'entity.name.type.package');
    expectScope(t, ';', 'punctuation.separator.marker.pip-requirements');
    expectScope(t, 'sys_platform', 'variable.language.marker.pip-requirements');
    expectScope(t, 'python_version', 'variable.language.marker.pip-requirements');
    expectScope(t, 'extra', 'variable.language.marker.pip-requirements');
    expectScope(t, '==', 'keyword.operator.comparison.pip-requirements');
    expectScope(t, 'and', 'keyword.operator.logical.pip-requirements');
    expectScope(t, 'or', 'keyword.operator.logical.pip-requirements', 1); // the first "or" is in sys_platform
    expectScope(t, 'not in', 'keyword.operator.comparison.pip-requirements');
    expectScope(t, `'win32'`, 'string.quoted.single.pip-requirements');
    expectScope(t, '"3.8, 3.9"', 'string.quoted.double.pip-requirements');
    expectScope(t, 'sys_platform', 'meta.marker.pip-requirements');
    // A version in a marker string is a string, not a version specifier.
    expectNoScope(t, '3.8', 'constant.numeric');
  });

  it('scopes -r and -c includes, index options, flags and their values', async () => {
    const r = await line(PIP, '-r requirements/dev.txt');
    expectScope(r, '-r', 'keyword.other.option.include.pip-requirements');
    expectScope(r, 'requirements/dev.txt', 'string.unquoted.path.include.pip-requirements');
    const c = await line(PIP, '--constraint=constraints.txt');
    expectScope(c, '--constraint', 'keyword.other.option.include');
    expectScope(c, '=', 'punctuation.separator.key-value.pip-requirements');
    expectScope(c, 'constraints.txt', 'string.unquoted.path.include');
    const i = await line(PIP, '--index-url https://pypi.example.com/simple');
    expectScope(i, '--index-url', 'keyword.other.option.pip-requirements');
    expectScope(i, 'https://pypi.example.com/simple', 'markup.underline.link.pip-requirements');
    const x = await line(PIP, '--extra-index-url=https://${PIP_USER}:${PIP_TOKEN}@pkgs.example.com/simple');
    expectScope(x, '--extra-index-url', 'keyword.other.option');
    expectScope(x, 'https://', 'markup.underline.link');
    expectScope(x, '@pkgs.example.com/simple', 'markup.underline.link');
    expectScope(x, 'PIP_USER', 'variable.other.environment.pip-requirements');
    expectScope(x, '${', 'punctuation.definition.variable.begin.pip-requirements');
    const host = await line(PIP, '--trusted-host pypi.internal');
    expectScope(host, '--trusted-host', 'keyword.other.option');
    expectScope(host, 'pypi.internal', 'string.unquoted.option-value.pip-requirements');
    const flag = await line(PIP, '--pre');
    expectScope(flag, '--pre', 'keyword.other.option');
    const f = await line(PIP, '-f ./wheels');
    expectScope(f, '-f', 'keyword.other.option');
    expectScope(f, './wheels', 'string.unquoted.path.pip-requirements');
  });

  it('scopes --hash options and line continuations across lines', async () => {
    const lines = await tokenize(PIP, 'numpy==1.26.4 \\\n    --hash=sha256:2fb0a5d5 \\\n    --hash=sha256:ffff0000\nrequests');
    expectScope(lines[0], 'numpy', 'entity.name.type.package');
    expectScope(lines[0], '\\', 'punctuation.separator.continuation.line.pip-requirements');
    expectScope(lines[1], '--hash', 'keyword.other.option.hash.pip-requirements');
    expectScope(lines[1], 'sha256', 'support.type.hash-algorithm.pip-requirements');
    expectScope(lines[1], '2fb0a5d5', 'constant.other.hash-digest.pip-requirements');
    expectScope(lines[1], '\\', 'punctuation.separator.continuation.line');
    // The continued lines still belong to numpy's requirement; the next line is a new one.
    expectScope(lines[2], '--hash', 'meta.requirement.pip-requirements');
    expectScope(lines[3], 'requests', 'entity.name.type.package');
  });

  it('carries a marker over a line continuation', async () => {
    const lines = await tokenize(PIP, 'foo>=1 ; python_version < "3.12" \\\n    and os_name == "posix"\nbar');
    expectScope(lines[1], 'and', 'keyword.operator.logical');
    expectScope(lines[1], 'os_name', 'variable.language.marker');
    expectNoScope(lines[1], 'and', 'entity.name');
    expectScope(lines[2], 'bar', 'entity.name.type.package');
  });

  it('scopes direct references: name @ URL with a marker', async () => {
    const t = await line(PIP, 'mypkg[extra] @ https://files.example.com/mypkg-1.0-py3-none-any.whl ; python_version >= "3.10"');
    expectScope(t, 'mypkg', 'entity.name.type.package');
    expectScope(t, '@', 'keyword.operator.direct-reference.pip-requirements');
    expectScope(t, 'https://files.example.com/mypkg-1.0-py3-none-any.whl', 'markup.underline.link.pip-requirements');
    expectScope(t, 'python_version', 'variable.language.marker');
  });

  it('scopes VCS URLs: the URL, the revision and #egg=', async () => {
    const t = await line(PIP, 'git+https://github.com/acme/airflow-utils.git@v1.4.2#egg=airflow-utils&subdirectory=src  # ours');
    expectScope(t, 'git+https://github.com/acme/airflow-utils.git', 'markup.underline.link.vcs.pip-requirements');
    expectScope(t, 'v1.4.2', 'constant.other.revision.pip-requirements');
    expectScope(t, '@', 'punctuation.separator.revision.pip-requirements');
    expectScope(t, 'egg', 'variable.parameter.fragment.pip-requirements');
    expectScope(t, 'airflow-utils', 'entity.name.type.package.pip-requirements', 1);
    expectScope(t, 'subdirectory', 'variable.parameter.fragment');
    expectScope(t, '# ours', 'comment.line.number-sign');
    expectNoScope(t, '#egg', 'comment');

    const ssh = await line(PIP, '-e git+ssh://git@github.com/acme/plugins.git@3f2a9c1#egg=plugins');
    expectScope(ssh, '-e', 'keyword.other.option.editable.pip-requirements');
    expectScope(ssh, 'git+ssh://git@github.com/acme/plugins.git', 'markup.underline.link.vcs');
    expectScope(ssh, '3f2a9c1', 'constant.other.revision');

    const named = await line(PIP, 'plugins @ git+https://github.com/acme/plugins.git@main');
    expectScope(named, 'plugins', 'entity.name.type.package');
    expectScope(named, 'git+https://github.com/acme/plugins.git', 'markup.underline.link.vcs');
    expectScope(named, 'main', 'constant.other.revision');
  });

  it('scopes local paths, full-line comments and ${VAR} in a value', async () => {
    const e = await line(PIP, '-e ./include/my_package');
    expectScope(e, './include/my_package', 'string.unquoted.path.pip-requirements');
    const c = await line(PIP, '# Astro Runtime already ships apache-airflow');
    expectScope(c, '# Astro Runtime already ships apache-airflow', 'comment.line.number-sign.pip-requirements');
    expectNoScope(c, 'apache-airflow', 'entity.name');
    const v = await line(PIP, '-r ${REQS_DIR}/base.txt');
    expectScope(v, 'REQS_DIR', 'variable.other.environment');
    expectScope(v, '/base.txt', 'string.unquoted.path.include');
  });
});

describe('TextMate grammar: apt packages', () => {
  it('scopes package names, versions, architectures, releases and comments', async () => {
    const lines = await tokenize(APT, '# build deps\nlibpq-dev\ngcc=4:12.2.0-3  # pinned\nlibc6:amd64 curl/bookworm-backports\n${EXTRA_PKG}');
    expectScope(lines[0], '# build deps', 'comment.line.number-sign.apt-packages');
    expectScope(lines[1], 'libpq-dev', 'entity.name.type.package.apt-packages');
    expectScope(lines[2], 'gcc', 'entity.name.type.package.apt-packages');
    expectScope(lines[2], '=', 'keyword.operator.assignment.version.apt-packages');
    expectScope(lines[2], '4:12.2.0-3', 'constant.numeric.version.apt-packages');
    expectScope(lines[2], '# pinned', 'comment.line.number-sign.apt-packages');
    expectScope(lines[3], 'libc6', 'entity.name.type.package');
    expectScope(lines[3], 'amd64', 'support.type.architecture.apt-packages');
    expectScope(lines[3], 'curl', 'entity.name.type.package');
    expectScope(lines[3], 'bookworm-backports', 'entity.name.tag.release.apt-packages');
    expectScope(lines[4], 'EXTRA_PKG', 'variable.other.environment.apt-packages');
  });
});
