import { strict as assert } from 'node:assert';
import { checkTree } from '../../src/engine/check';
import { buildReport, renderHtml } from '../../src/engine/report';
import { bodyOf, REPORT_SCRIPT } from '../../src/extension/reportScript';
import { testCatalog, TODAY } from './helpers';
import { REPORT_OPTIONS, twoProjects } from './report/projects';

describe('the report webview script', () => {
  it('is valid JavaScript that names no template placeholder', () => {
    assert.doesNotThrow(() => new Function(REPORT_SCRIPT));
    assert.ok(!REPORT_SCRIPT.includes('${'), 'no interpolation slipped into the script');
    assert.ok(REPORT_SCRIPT.includes('acquireVsCodeApi()'));
  });

  it('goes into the VS Code flavour of the report under the nonce of its Content Security Policy', async () => {
    const report = buildReport(await checkTree(twoProjects(), { catalog: testCatalog(), today: TODAY }), REPORT_OPTIONS);
    const html = renderHtml(report, { vscode: true, script: { nonce: 'abc123+/=', source: REPORT_SCRIPT } });
    assert.ok(html.includes(`script-src 'nonce-abc123+/='`));
    assert.ok(html.includes(`<script nonce="abc123+/=">${REPORT_SCRIPT}</script>`), 'the script is put in unchanged');
    assert.ok(html.includes('data-action="open"'), 'locations are buttons for the script');
  });

  it('bodyOf gives the page body without the script: what an update swaps in', async () => {
    const report = buildReport(await checkTree(twoProjects(), { catalog: testCatalog(), today: TODAY }), REPORT_OPTIONS);
    const html = renderHtml(report, { vscode: true, script: { nonce: 'n0nce', source: REPORT_SCRIPT } });
    const body = bodyOf(html);
    assert.ok(body.startsWith('<a class="skip" href="#report">'), body.slice(0, 80));
    assert.ok(body.trimEnd().endsWith('</footer>'), body.slice(-80));
    assert.ok(!body.includes('<script'));
    assert.ok(!body.includes('<body'));
    assert.equal(bodyOf(renderHtml(report, { vscode: true, script: { nonce: 'other', source: REPORT_SCRIPT } })), body, 'the same report gives the same body whatever the nonce');
    // Without a script: up to the end of the body.
    assert.equal(bodyOf(renderHtml(report, { vscode: true })).trimEnd(), body.trimEnd());
  });
});
