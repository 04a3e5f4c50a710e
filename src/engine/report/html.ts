/**
 * The report as one self-contained HTML document: inline CSS, no script
 * needed to read it, nothing loaded from the network (no fonts, images or
 * style sheets; links to Astronomer's docs are plain links), and a Content
 * Security Policy that says so. Everything taken from findings and paths is
 * escaped.
 *
 * Two flavours:
 * - standalone (a file, a CI artifact): a light scheme and a dark one
 *   (`prefers-color-scheme`), and system colours in forced-colours mode;
 * - `vscode: true` (a webview): VS Code's theme variables, so it follows
 *   light, dark and high-contrast themes; each finding's location is a
 *   button, and each fix of a finding a "Fix" button, for a webview script
 *   to act on (`script`).
 *
 * Every finding entry (`li.finding`) carries `data-index` (its index in
 * `ShareReport.findings`), `data-file` (relative to the checked root, with
 * `/`), `data-line` and `data-character` (0-based, as in VS Code) and
 * `data-rule`; a fix button carries `data-fix` (its index in the finding's
 * `fixes`). Buttons carry `data-action`: `open` or `fix`.
 */
import { ruleDocsUrl } from '../product';
import type { CustomerDuty, FindingGroup, ProjectReport, ReportFinding, ResponsibilityReport, ShareReport } from './model';
import type { TheirSide } from '../knowledge/responsibilities';
import {
  catalogText,
  countsText,
  findingGroups,
  imageRef,
  locationText,
  messageParts,
  overallStatusText,
  plural,
  projectName,
  REPORT_TITLE,
  severityWord,
  SEVERITIES,
  statusText,
  summaryText,
  SUPPORT_LABEL,
  supportDetail,
  rulesText,
  runtimeWhat,
  worstOf,
} from './words';

export interface HtmlOptions {
  /** Use VS Code's theme variables and render locations and fixes as buttons, for a webview. */
  vscode?: boolean;
  /** A script for a webview, allowed by its nonce in the document's Content Security Policy. */
  script?: { nonce: string; source: string };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** The Content Security Policy of a report: nothing may load; inline styles; a script only by its nonce. */
export function reportCsp(nonce?: string): string {
  return `default-src 'none'; style-src 'unsafe-inline'${nonce ? `; script-src 'nonce-${nonce}'` : ''}`;
}

export function renderHtml(report: ShareReport, options: HtmlOptions = {}): string {
  const vscode = options.vscode === true;
  const script = options.script;
  if (script && !/^[A-Za-z0-9+/_=-]+$/.test(script.nonce)) throw new Error('a script nonce is letters, digits and + / _ = - only');
  const body: string[] = [];
  body.push('<a class="skip" href="#report">Skip to the report</a>');
  body.push('<header>');
  body.push(`<h1>${REPORT_TITLE}</h1>`);
  const t = report.totals;
  body.push(
    `<p class="summary" data-total="${t.total}" data-error="${t.error}" data-warning="${t.warning}" data-info="${t.info}" data-hint="${t.hint}">${escapeHtml(summaryText(report))}</p>`,
  );
  body.push(`<p class="muted">${escapeHtml(catalogText(report))}</p>`);
  if (report.notes.length) body.push(`<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  body.push('</header>');
  body.push('<main id="report" tabindex="-1">');
  body.push(splitSection(report));
  if (report.projects.length === 0) {
    body.push('<p>No Astro project was found (a folder with a <code>Dockerfile</code> and <code>.astro/config.yaml</code>, or a <code>Dockerfile</code> built on an Astronomer image).</p>');
  }
  if (report.projects.length > 1) body.push(projectIndex(report));
  report.projects.forEach((p, i) => body.push(projectSection(p, i, vscode)));
  if (report.outsideProjects) body.push(looseSection(report.outsideProjects, vscode));
  if (report.problems.length) {
    body.push('<section aria-labelledby="problems-h"><h2 id="problems-h">Not fully read</h2><ul>');
    for (const p of report.problems) body.push(`<li><code>${escapeHtml(p.file)}</code>: ${escapeHtml(p.message)}</li>`);
    body.push('</ul></section>');
  }
  body.push(beyondSection(report.customer));
  body.push(theirSection(report.astronomer, 'astronomer'));
  body.push(theirSection(report.cloudProvider, 'cloud'));
  body.push('</main>');
  body.push(
    `<footer class="muted"><p>${escapeHtml(`${report.tool.name} ${report.tool.version}`)} · <a href="${escapeHtml(report.modelUrl)}">Astronomer's shared responsibility model</a></p></footer>`,
  );

  const head = [
    '<meta charset="utf-8">',
    // Our own words and a nonce checked above: nothing to escape.
    `<meta http-equiv="Content-Security-Policy" content="${reportCsp(script?.nonce)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(vscode ? [] : ['<meta name="color-scheme" content="light dark">']),
    `<title>${REPORT_TITLE}</title>`,
    `<style>${vscode ? VSCODE_THEME : STANDALONE_THEME}${STYLE}</style>`,
  ];
  const scriptTag = script ? `\n<script nonce="${script.nonce}">${safeScript(script.source)}</script>` : '';
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n${head.join('\n')}\n</head>\n<body class="${vscode ? 'flavour-vscode' : 'flavour-standalone'}">\n${body.join('\n')}${scriptTag}\n</body>\n</html>\n`;
}

/** A script's source cannot end its element early. */
function safeScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function splitSection(report: ShareReport): string {
  const yours = report.customer
    .map((c) => {
      const kind = c.counts.total ? worstOf(c.counts) : c.checked ? 'clear' : 'not-checkable';
      return `<li>${escapeHtml(c.title)}: ${statusBadge(overallStatusText(c, true), kind)}</li>`;
    })
    .join('');
  const theirs = (side: TheirSide) => side.duties.map((d) => `<li>${escapeHtml(d.title)}</li>`).join('');
  return [
    '<section aria-labelledby="split-h">',
    '<h2 id="split-h">Who secures what</h2>',
    `<p>Astronomer's <a href="${escapeHtml(report.modelUrl)}">shared responsibility model</a> splits the security of Astro in three. This report checks your side as far as the repository shows it, project by project below; the rest of your side, and the sides that are Astronomer's and the cloud provider's, follow after the projects.</p>`,
    '<div class="split">',
    `<div class="side side-yours"><h3>Yours, the customer's</h3><ul class="overall">${yours}</ul><p><a href="#beyond-h">What the repository cannot show</a></p></div>`,
    `<div class="side side-theirs"><h3>${escapeHtml(report.astronomer.title)} <span class="tag">theirs</span></h3><ul>${theirs(report.astronomer)}</ul><p><a href="#astronomer-h">Details</a></p></div>`,
    `<div class="side side-theirs"><h3>${escapeHtml(report.cloudProvider.title)} <span class="tag">theirs</span></h3><ul>${theirs(report.cloudProvider)}</ul><p><a href="#cloud-h">Details</a></p></div>`,
    '</div>',
    '</section>',
  ].join('\n');
}

function projectIndex(report: ShareReport): string {
  const items = report.projects.map((p, i) => {
    const worst = worstOf(p.counts);
    const state = p.counts.total ? `<span class="sev-text sev-${worst}">${escapeHtml(countsText(p.counts))}</span>` : '<span class="ok">no findings</span>';
    return `<li><a href="#p${i}"><code>${escapeHtml(projectName(p))}</code></a>: ${state}</li>`;
  });
  return `<nav aria-labelledby="projects-h"><h2 id="projects-h">Projects</h2><ul>${items.join('')}</ul></nav>`;
}

function projectSection(p: ProjectReport, i: number, vscode: boolean): string {
  const id = `p${i}`;
  const name = escapeHtml(projectName(p));
  const out: string[] = [];
  out.push(`<section class="project" id="${id}" aria-labelledby="${id}-h" data-project="${escapeHtml(p.root)}">`);
  out.push(`<h2 id="${id}-h">Project <code>${name}</code></h2>`);
  const rt = p.runtime;
  if (rt) {
    const detail = supportDetail(rt);
    out.push(
      `<p class="runtime"><strong>Runtime:</strong> <code>${escapeHtml(imageRef(rt))}</code>, ${escapeHtml(runtimeWhat(rt))}: <span class="badge support-${rt.support}">${SUPPORT_LABEL[rt.support]}</span>${detail ? ` <span class="muted">(${escapeHtml(detail)})</span>` : ''}</p>`,
    );
  } else {
    out.push('<p class="runtime"><strong>Runtime:</strong> the final image is not Astro Runtime.</p>');
  }
  out.push('<div class="table-wrap">');
  out.push(`<table><caption>Your responsibilities in <code>${name}</code></caption>`);
  out.push('<thead><tr><th scope="col">Your responsibility</th><th scope="col">Status</th><th scope="col" class="num">Errors</th><th scope="col" class="num">Warnings</th><th scope="col" class="num">Info</th><th scope="col" class="num">Hints</th><th scope="col">Checked by</th></tr></thead><tbody>');
  for (const r of p.responsibilities) out.push(responsibilityRow(r, id));
  if (p.configuration) {
    const c = p.configuration.counts;
    out.push(
      `<tr><th scope="row"><a href="#${id}-tool">${escapeHtml(p.configuration.title)}</a></th><td>${statusBadge(plural(c.total, 'finding'), worstOf(c))}</td>${SEVERITIES.map((s) => `<td class="num">${c[s]}</td>`).join('')}<td></td></tr>`,
    );
  }
  out.push('</tbody></table></div>');
  const groups = findingGroups(p);
  if (groups.length === 0) {
    out.push(`<p class="ok">No findings in <code>${name}</code>.</p>`);
  } else {
    out.push(`<h3>Findings in <code>${name}</code>: ${escapeHtml(countsText(p.counts))}</h3>`);
    for (const r of p.responsibilities) {
      if (r.findings.length) out.push(findingList(`${id}-${r.key}`, r.title, r.findings, vscode));
    }
    if (p.configuration) out.push(findingList(`${id}-tool`, p.configuration.title, p.configuration.findings, vscode));
  }
  out.push('</section>');
  return out.join('\n');
}

function statusBadge(text: string, kind: string | undefined): string {
  return `<span class="badge status-${kind ?? 'none'}">${escapeHtml(text)}</span>`;
}

function responsibilityRow(r: ResponsibilityReport, projectId: string): string {
  const title = r.status === 'findings' ? `<a href="#${projectId}-${r.key}">${escapeHtml(r.title)}</a>` : escapeHtml(r.title);
  const kind = r.status === 'findings' ? worstOf(r.counts) : r.status === 'clear' ? 'clear' : 'not-checkable';
  const counts =
    r.status === 'not-checkable'
      ? SEVERITIES.map(() => '<td class="num"><span aria-hidden="true">–</span><span class="vh">not checked</span></td>').join('')
      : SEVERITIES.map((s) => `<td class="num">${r.counts[s]}</td>`).join('');
  const rules = r.rules.length ? escapeHtml(rulesText(r)) : `<span class="muted">${escapeHtml(rulesText(r))}</span>`;
  return `<tr class="row-${r.status}"><th scope="row">${title}</th><td>${statusBadge(statusText(r), kind)}</td>${counts}<td class="rules">${rules}</td></tr>`;
}

function findingList(id: string, title: string, findings: readonly ReportFinding[], vscode: boolean, withCategory = false): string {
  const items = findings.map((f) => findingItem(f, vscode, withCategory)).join('\n');
  return `<section class="group" id="${id}" aria-labelledby="${id}-h"><h4 id="${id}-h">${escapeHtml(title)} <span class="muted">(${findings.length})</span></h4>\n<ol class="findings">\n${items}\n</ol></section>`;
}

function findingItem(f: ReportFinding, vscode: boolean, withCategory: boolean): string {
  const where = escapeHtml(locationText(f));
  const attrs = [
    `data-index="${f.index}"`,
    `data-file="${escapeHtml(f.file)}"`,
    `data-line="${f.range.start.line}"`,
    `data-character="${f.range.start.character}"`,
    `data-rule="${escapeHtml(f.ruleId)}"`,
  ].join(' ');
  const location = vscode ? `<button type="button" class="loc" data-action="open"><span class="vh">Open </span>${where}</button>` : `<code class="loc">${where}</code>`;
  const rule = `<a class="rule" href="${escapeHtml(ruleDocsUrl(f.ruleId))}" data-rule="${escapeHtml(f.ruleId)}">${escapeHtml(f.ruleId)} ${escapeHtml(f.rule)}</a>`;
  const category = withCategory ? ` <span class="muted">(${escapeHtml(f.responsibility)})</span>` : '';
  const message = messageParts(f.message)
    .map((p) => (p.code ? `<code>${escapeHtml(p.text)}</code>` : escapeHtml(p.text)))
    .join('');
  let fixes = '';
  if (f.fixes.length) {
    const order = f.fixes.map((fix, i) => ({ fix, i })).sort((a, b) => Number(b.fix.isPreferred === true) - Number(a.fix.isPreferred === true));
    fixes = vscode
      ? `<div class="fixes">${order
          .map(({ fix, i }) => `<button type="button" class="fix${fix.isPreferred ? ' preferred' : ''}" data-action="fix" data-fix="${i}">Fix: ${escapeHtml(fix.title)}</button>`)
          .join(' ')}</div>`
      : `<p class="fixes"><span class="muted">Fix available:</span> ${escapeHtml(order[0].fix.title)}${order.length > 1 ? ` <span class="muted">(${order.length - 1} more in the editor)</span>` : ''}</p>`;
  }
  return `<li class="finding sev-${f.severity}" ${attrs}><p class="finding-head"><span class="sev sev-${f.severity}">${escapeHtml(capital(severityWord(f.severity)))}</span> ${location} ${rule}${category}</p><p class="message">${message}</p>${fixes}</li>`;
}

function looseSection(g: FindingGroup, vscode: boolean): string {
  return `<section aria-labelledby="loose-h"><h2 id="loose-h">${escapeHtml(g.title)}</h2><p class="muted">${escapeHtml(countsText(g.counts))}</p>${findingList('loose', 'Findings', g.findings, vscode, true)}</section>`;
}

function beyondSection(customer: readonly CustomerDuty[]): string {
  const rows = customer.map((c) => {
    const links = c.docs.map((d) => `<a href="${escapeHtml(d.url)}">${escapeHtml(d.title)}</a>`).join('<br>');
    return `<tr><th scope="row">${escapeHtml(c.title)}</th><td>${escapeHtml(c.duty)}</td><td>${c.checked ? 'In part' : 'No'}</td><td>${escapeHtml(c.outside)}</td><td>${links}</td></tr>`;
  });
  return [
    '<section aria-labelledby="beyond-h">',
    "<h2 id=\"beyond-h\">Your side beyond the repository</h2>",
    '<p>These are yours as well, but they are kept outside the repository, so no check of it can see them: review them in Astro, your identity provider and your cloud accounts.</p>',
    '<div class="table-wrap"><table><caption>The customer\'s responsibilities and what the repository cannot show</caption>',
    '<thead><tr><th scope="col">Your responsibility</th><th scope="col">What is yours</th><th scope="col">Checked from the repository</th><th scope="col">What the repository cannot show</th><th scope="col">Astronomer docs</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table></div>`,
    '</section>',
  ].join('\n');
}

function theirSection(side: TheirSide, id: string): string {
  const items = side.duties.map((d) => `<li><strong>${escapeHtml(d.title)}</strong>: ${escapeHtml(d.text)}</li>`).join('');
  return `<section class="theirs" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(side.title)} <span class="tag">theirs, not yours</span></h2><p>${escapeHtml(side.note)}</p><ul>${items}</ul></section>`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Colours of the VS Code flavour: the theme's own, with fallbacks for a webview that lacks one. */
const VSCODE_THEME = `
:root {
  --bg: var(--vscode-editor-background, #ffffff);
  --fg: var(--vscode-foreground, #1f1f1f);
  --muted: var(--vscode-descriptionForeground, #616161);
  --link: var(--vscode-textLink-foreground, #005fb8);
  --link-active: var(--vscode-textLink-activeForeground, #005fb8);
  --error: var(--vscode-errorForeground, #c72e0f);
  --warning: var(--vscode-editorWarning-foreground, #8a5a00);
  --info: var(--vscode-editorInfo-foreground, #0b63a8);
  --hint: var(--vscode-descriptionForeground, #616161);
  --ok: var(--vscode-testing-iconPassed, #2f7d32);
  --focus: var(--vscode-focusBorder, #005fb8);
  --border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, rgba(128, 128, 128, 0.35)));
  --strong-border: var(--vscode-contrastActiveBorder, var(--vscode-contrastBorder, transparent));
  --surface: var(--vscode-editorWidget-background, rgba(128, 128, 128, 0.08));
  --code-bg: var(--vscode-textCodeBlock-background, rgba(128, 128, 128, 0.15));
  --button-bg: var(--vscode-button-background, #005fb8);
  --button-fg: var(--vscode-button-foreground, #ffffff);
  --button-hover: var(--vscode-button-hoverBackground, #0258a8);
  --button2-bg: var(--vscode-button-secondaryBackground, #e5e5e5);
  --button2-fg: var(--vscode-button-secondaryForeground, #1f1f1f);
  --button2-hover: var(--vscode-button-secondaryHoverBackground, #cccccc);
  --button-border: var(--vscode-button-border, var(--vscode-contrastBorder, transparent));
  --font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  --font-size: var(--vscode-font-size, 13px);
  --mono: var(--vscode-editor-font-family, ui-monospace, "SFMono-Regular", Consolas, monospace);
}
body.vscode-high-contrast .badge, body.vscode-high-contrast-light .badge { border-width: 2px; }
`;

/** Colours of the standalone document: light, and dark where the reader's system asks for it. */
const STANDALONE_THEME = `
:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --fg: #1b1f24;
  --muted: #57606a;
  --link: #0a58b0;
  --link-active: #083f80;
  --error: #b42318;
  --warning: #8a5300;
  --info: #0b5f8f;
  --hint: #57606a;
  --ok: #1a7037;
  --focus: #0a58b0;
  --border: #d0d7de;
  --strong-border: transparent;
  --surface: #f6f8fa;
  --code-bg: #eff1f3;
  --button-bg: #0a58b0;
  --button-fg: #ffffff;
  --button-hover: #083f80;
  --button2-bg: #eff1f3;
  --button2-fg: #1b1f24;
  --button2-hover: #dfe3e8;
  --button-border: #d0d7de;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
  --font-size: 15px;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1419;
    --fg: #e6edf3;
    --muted: #9da7b3;
    --link: #79b8ff;
    --link-active: #a5d0ff;
    --error: #ff8a80;
    --warning: #e8b64c;
    --info: #7cc7f2;
    --hint: #9da7b3;
    --ok: #6bd68a;
    --focus: #79b8ff;
    --border: #343b44;
    --surface: #161c23;
    --code-bg: #1f2630;
    --button-bg: #2f6fbf;
    --button-fg: #ffffff;
    --button-hover: #3a7fd4;
    --button2-bg: #262e38;
    --button2-fg: #e6edf3;
    --button2-hover: #313b47;
    --button-border: #343b44;
  }
}
`;

/** Layout and components, in terms of the colour variables above. */
const STYLE = `
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 2rem; background: var(--bg); color: var(--fg); font-family: var(--font); font-size: var(--font-size); line-height: 1.5; }
h1 { font-size: 1.6em; margin: 0.5em 0 0.25em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid var(--border); }
h3 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
h4 { font-size: 1em; margin: 1em 0 0.3em; }
a { color: var(--link); }
a:hover, a:active { color: var(--link-active); }
code, .loc { font-family: var(--mono); font-size: 0.92em; }
code { background: var(--code-bg); color: inherit; padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
main:focus { outline: none; }
.skip { position: absolute; left: -10000px; top: 0; }
.skip:focus { position: static; display: inline-block; margin: 0.25em 0; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.muted { color: var(--muted); }
.summary { font-size: 1.15em; font-weight: 600; margin: 0.25em 0; }
.notes { color: var(--muted); padding-left: 1.2em; }
.split { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.75rem; }
.side { border: 1px solid var(--border); border-radius: 6px; padding: 0.5rem 0.9rem; background: var(--surface); }
.side h3 { margin-top: 0.3em; }
.side ul { padding-left: 1.2em; margin: 0.3em 0; }
.side ul.overall li { margin: 0.15em 0; }
.side ul.overall .badge { font-size: 0.85em; }
.side-yours { border-left: 4px solid var(--link); }
.tag { font-size: 0.75em; font-weight: normal; color: var(--muted); border: 1px solid var(--border); border-radius: 999px; padding: 0 0.5em; vertical-align: middle; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
caption { text-align: left; color: var(--muted); padding: 0.25em 0; }
th, td { border: 1px solid var(--border); padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
thead th { background: var(--surface); }
th[scope="row"] { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.rules { font-family: var(--mono); font-size: 0.85em; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 4px; padding: 0 0.45em; font-weight: 600; white-space: nowrap; }
.status-error, .sev-text.sev-error, .support-end-of-support { color: var(--error); }
.status-warning, .sev-text.sev-warning, .support-basic-support-only, .support-maintenance-ends-soon { color: var(--warning); }
.status-info, .sev-text.sev-info { color: var(--info); }
.status-hint, .sev-text.sev-hint, .status-not-checkable, .status-none, .support-unknown { color: var(--muted); }
.status-clear, .support-supported, .ok { color: var(--ok); }
.status-not-checkable { border-style: dashed; font-weight: normal; }
.row-not-checkable th, .row-not-checkable td { color: var(--muted); }
ol.findings { list-style: none; padding: 0; margin: 0.25em 0 1em; }
li.finding { border: 1px solid var(--border); border-left: 4px solid var(--muted); border-radius: 4px; padding: 0.4em 0.75em; margin: 0.4em 0; }
li.finding.sev-error { border-left-color: var(--error); }
li.finding.sev-warning { border-left-color: var(--warning); }
li.finding.sev-info { border-left-color: var(--info); }
.finding p { margin: 0.2em 0; }
.finding-head { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: baseline; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 0.8em; letter-spacing: 0.03em; }
.sev.sev-error { color: var(--error); }
.sev.sev-warning { color: var(--warning); }
.sev.sev-info { color: var(--info); }
.sev.sev-hint { color: var(--hint); }
.message { overflow-wrap: anywhere; }
button { font: inherit; cursor: pointer; }
button.loc { background: none; border: none; padding: 0; color: var(--link); text-decoration: underline; text-align: left; overflow-wrap: anywhere; }
button.loc:hover { color: var(--link-active); }
.fixes { margin: 0.3em 0 0.1em; display: flex; flex-wrap: wrap; gap: 0.4em; }
p.fixes { display: block; }
button.fix { background: var(--button2-bg); color: var(--button2-fg); border: 1px solid var(--button-border); border-radius: 3px; padding: 0.2em 0.7em; }
button.fix:hover { background: var(--button2-hover); }
button.fix.preferred { background: var(--button-bg); color: var(--button-fg); }
button.fix.preferred:hover { background: var(--button-hover); }
.theirs ul { padding-left: 1.2em; }
footer { margin-top: 2rem; border-top: 1px solid var(--border); font-size: 0.9em; }
@media (forced-colors: active) {
  .badge, li.finding, .side, .tag { border-color: CanvasText; }
  :focus-visible { outline-color: Highlight; }
  button.loc { color: LinkText; }
}
@media print {
  .skip, .fixes button { display: none; }
  a { color: inherit; }
}
`;
