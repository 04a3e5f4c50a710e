import { strict as assert } from 'node:assert';
import { checkTree } from '../../../src/engine/check';
import { buildReport, escapeHtml, escapeMarkdown, markdownCode, markdownMessage, renderHtml, renderMarkdown, type ShareReport } from '../../../src/engine/report';
import type { Finding } from '../../../src/engine/types';
import { testCatalog, TODAY } from '../helpers';
import { FAKE } from '../secrets/project';
import { finding, REPORT_OPTIONS, result, twoProjects } from './projects';

/** Every element of an HTML document that would load something, and every way CSS could. */
function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<(link|img|iframe|frame|object|embed|audio|video|source|track|base|form|input)\b/i);
  assert.doesNotMatch(html, /\bsrc\s*=/i);
  assert.doesNotMatch(html, /@import/i);
  assert.doesNotMatch(html, /url\s*\(/i);
  assert.doesNotMatch(html, /http-equiv="refresh"/i);
  // Links are plain <a> elements, to Astronomer's docs or the rules' pages, or anchors in the page.
  for (const m of html.matchAll(/<(\w+)[^>]*\bhref="([^"]*)"/g)) {
    assert.equal(m[1], 'a', `href on <${m[1]}>`);
    assert.match(m[2], /^(#[\w-]+|https:\/\/(www\.astronomer\.io|github\.com)\/)/);
  }
}

describe('shared-responsibility report: Markdown and HTML', () => {
  let report: ShareReport;
  before(async () => {
    report = buildReport(await checkTree(twoProjects(), { catalog: testCatalog(), today: TODAY }), REPORT_OPTIONS);
  });

  describe('Markdown', () => {
    it('a summary line, a table per project, the Runtime line, findings per responsibility, and the other sides', () => {
      const md = renderMarkdown(report);
      assert.match(md, /^# Shared responsibility report\n\n\*\*3 findings in 2 Astro projects: 0 errors, 2 warnings, 1 info, 0 hints\.\*\*/);
      assert.match(md, /## Project `analytics`/);
      assert.match(md, /\*\*Runtime:\*\* `quay\.io\/astronomer\/astro-runtime:12\.4\.0`, Astro Runtime 12\.4\.0 \(Airflow 2\.10\.3\): \*\*Basic support only\*\*/);
      assert.match(md, /\| Your responsibility \| Status \| Errors \| Warnings \| Info \| Hints \| Checked by \|/);
      assert.match(md, /\| Identity and single sign-on \| ➖ Not checkable from the repository \| – \| – \| – \| – \| no rule \|/);
      assert.match(md, /\| Access and API tokens \| ✅ Clear \| 0 \| 0 \| 0 \| 0 \| ASR207, ASR501–ASR511 \|/);
      assert.match(md, /#### Secrets, connections and variables\n\n- `analytics\/\.env:1:20` \*\*info\*\* \[ASR202 secret-in-env-file\]\(https:\/\/github\.com\/[^)]+\/ASR202\.md\): /);
      assert.match(md, /No findings in `ml`\./);
      assert.match(md, /## Your side beyond the repository/);
      assert.match(md, /## Astronomer's side \(theirs, not yours\)/);
      assert.match(md, /## The cloud provider's side \(theirs, not yours\)/);
      // Every table row has as many cells as its header.
      for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
        const cells = line.replace(/\\\|/g, '').split('|').length;
        assert.ok(cells === 9 || cells === 8, line);
      }
    });

    it('escapes |, <, >, backticks and other Markdown in messages; the engine\'s code spans stay code', () => {
      assert.equal(escapeMarkdown('a | b <script>alert(1)</script> `x` *y* _z_ [l](u) $m$ & ~s~ \\'), 'a \\| b &lt;script&gt;alert(1)&lt;/script&gt; \\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\$m\\$ &amp; \\~s\\~ \\\\');
      assert.equal(escapeMarkdown('two\nlines'), 'two lines');
      assert.equal(markdownCode('a`b'), '``a`b``');
      assert.equal(markdownCode('`x`'), '`` `x` ``');
      assert.equal(markdownCode('a|b', true), '`a\\|b`');
      assert.equal(markdownMessage('password in `A|<b>`, not <i>here</i> | there ` alone'), 'password in `A|<b>`, not &lt;i&gt;here&lt;/i&gt; \\| there \\` alone');

      const nasty = 'value in `KEY` | <img src=x onerror=alert(1)> `unclosed';
      const md = renderMarkdown(buildReport(result(['p'], [finding('p/a|b<c>`d.txt', 'error', 'secrets', nasty)]), REPORT_OPTIONS));
      assert.ok(md.includes('value in `KEY` \\| &lt;img src=x onerror=alert(1)&gt; \\`unclosed'), md);
      assert.doesNotMatch(md, /<img/);
      assert.ok(md.includes('``p/a|b<c>`d.txt:1:1``'), 'a path with a backtick is one code span');
    });
  });

  describe('HTML', () => {
    it('is one self-contained document: inline CSS, no script, a CSP that loads nothing, no resource from the network', () => {
      for (const html of [renderHtml(report), renderHtml(report, { vscode: true })]) {
        assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
        assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`));
        assert.match(html, /<style>[\s\S]+<\/style>/);
        assert.doesNotMatch(html, /<script/i);
        assertSelfContained(html);
      }
    });

    it('standalone: a light scheme and a dark one; VS Code: the theme\'s variables', () => {
      const plain = renderHtml(report);
      assert.match(plain, /@media \(prefers-color-scheme: dark\)/);
      assert.doesNotMatch(plain, /--vscode-/);
      const vscode = renderHtml(report, { vscode: true });
      for (const v of ['--vscode-editor-background', '--vscode-foreground', '--vscode-textLink-foreground', '--vscode-errorForeground', '--vscode-editorWarning-foreground', '--vscode-editorInfo-foreground', '--vscode-focusBorder', '--vscode-contrastBorder']) {
        assert.ok(vscode.includes(`var(${v},`), v);
      }
      assert.match(vscode, /:focus-visible \{ outline: 2px solid var\(--focus\)/);
    });

    it('accessible structure: headings, tables with th scope, status in words', () => {
      const html = renderHtml(report);
      assert.equal((html.match(/<h1>/g) ?? []).length, 1);
      assert.match(html, /<h2 id="p0-h">Project <code>analytics<\/code><\/h2>/);
      assert.match(html, /<th scope="col">Your responsibility<\/th>/);
      assert.match(html, /<th scope="row">Identity and single sign-on<\/th><td><span class="badge status-not-checkable">Not checkable from the repository<\/span><\/td>/);
      assert.match(html, /<th scope="row">Access and API tokens<\/th><td><span class="badge status-clear">Clear<\/span><\/td>/);
      assert.match(html, /<span class="badge support-basic-support-only">Basic support only<\/span>/);
      assert.match(html, /<h2 id="astronomer-h">Astronomer&#39;s side <span class="tag">theirs, not yours<\/span><\/h2>/);
      assert.match(html, /<h2 id="cloud-h">The cloud provider&#39;s side/);
    });

    it('each finding carries its index, file, 0-based position and rule; in VS Code its location and fixes are buttons', () => {
      const html = renderHtml(report, { vscode: true });
      const items = [...html.matchAll(/<li class="finding sev-(\w+)" data-index="(\d+)" data-file="([^"]*)" data-line="(\d+)" data-character="(\d+)" data-rule="(\w+)">([\s\S]*?)<\/li>/g)];
      assert.equal(items.length, report.findings.length);
      for (const m of items) {
        const f = report.findings[+m[2]];
        assert.deepEqual([m[1], m[3], +m[4], +m[5], m[6]], [f.severity, f.file, f.range.start.line, f.range.start.character, f.ruleId]);
        assert.match(m[7], /<button type="button" class="loc" data-action="open">/);
        const fixes = [...m[7].matchAll(/<button type="button" class="fix[^"]*" data-action="fix" data-fix="(\d+)">Fix: ([^<]*)<\/button>/g)];
        assert.deepEqual(fixes.map((x) => +x[1]).sort(), f.fixes.map((_, i) => i));
        for (const x of fixes) assert.equal(x[2], escapeHtml(f.fixes[+x[1]].title));
      }
      assert.ok(items.some((m) => /data-fix="0"/.test(m[7])), 'some finding has a fix');
      // Standalone: no buttons, the location as text.
      const plain = renderHtml(report);
      assert.doesNotMatch(plain, /<button/);
      assert.match(plain, /<code class="loc">analytics\/\.env:1:20<\/code>/);
    });

    it('a webview script is allowed by its nonce, and cannot end its element early', () => {
      const html = renderHtml(report, { vscode: true, script: { nonce: 'abc123XYZ', source: 'const s = "</script><b>";' } });
      assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-abc123XYZ'"`));
      assert.ok(html.includes('<script nonce="abc123XYZ">const s = "<\\/script><b>";</script>'));
      assert.equal((html.match(/<\/script>/g) ?? []).length, 1);
      assert.throws(() => renderHtml(report, { script: { nonce: '"><x', source: '' } }), /nonce/);
    });

    it('escapes everything taken from paths and messages', () => {
      const evil = '<script>alert(1)</script>';
      const f: Finding = { ...finding(`${evil}/"q"&'a'.py`, 'error', 'secrets', `in \`${evil}\` and ${evil}`), fixes: [{ title: `Use ${evil}`, edits: [] }] };
      const r = buildReport({ projects: [{ root: evil, runtime: { image: `img${evil}`, tag: evil, version: null, airflowVersion: null } }], findings: [f], problems: [{ file: evil, message: evil }], intel: 'offline' }, { ...REPORT_OPTIONS, notes: [evil] });
      for (const html of [renderHtml(r), renderHtml(r, { vscode: true })]) {
        assert.doesNotMatch(html, /<script/i);
        assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
        assert.ok(html.includes('data-file="&lt;script&gt;alert(1)&lt;/script&gt;/&quot;q&quot;&amp;&#39;a&#39;.py"'));
        assertSelfContained(html);
      }
      const md = renderMarkdown(r);
      assert.doesNotMatch(md.replace(/`[^`\n]*`/g, ''), /<script/i);
    });

    it('never holds the value of a secret that has a finding, in any format', () => {
      const secrets = report.findings.filter((f) => f.responsibility === 'secrets');
      assert.equal(secrets.length, 1);
      for (const text of [renderHtml(report), renderHtml(report, { vscode: true }), renderMarkdown(report), JSON.stringify(report)]) {
        assert.ok(!text.includes(FAKE.password));
        assert.ok(!text.includes(FAKE.password.slice(4)));
      }
    });

    it('a report without projects says so', () => {
      const r = buildReport(result([], []), REPORT_OPTIONS);
      assert.match(renderHtml(r), /<p class="summary"[^>]*>No Astro project found\.<\/p>[\s\S]*No Astro project was found/);
      assert.match(renderMarkdown(r), /No Astro project was found/);
    });
  });
});
