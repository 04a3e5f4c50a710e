/**
 * The script of the report webview, as source text: `renderHtml` puts it in
 * the page under the nonce of the page's Content Security Policy.
 *
 * It turns the report's buttons into messages for the extension (see
 * `ReportMessage` in reportView.ts):
 * - a location button (`data-action="open"`): `{ type: 'open', index, file, line, character, rule }`;
 * - a fix button (`data-action="fix"`): the same with `type: 'fix'` and `fix` (the fix's index);
 * - a rule link (`a.rule`): `{ type: 'docs', rule }`, so that the rule's page opens
 *   in the editor (bundled, offline) rather than in a browser.
 * Buttons are native, so Enter and Space click them as a mouse does.
 *
 * It also keeps the page in step without reloading it: an `update` message
 * carries the new body, which replaces the old one with the scroll position
 * and the keyboard focus kept (on the same button, or, when its finding has
 * gone, on the next finding's location). The scroll position is saved in the
 * webview's state, so it survives the page being reloaded too (when the panel
 * was hidden). After each render it tells the extension what it shows
 * (`ready` or `rendered`, with the number of findings listed), and again
 * when VS Code switches the theme (`theme`, with the body's classes).
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const self = document.currentScript;
  const state = vscode.getState() || {};

  function findingOf(el) {
    const li = el && el.closest ? el.closest('li.finding') : null;
    if (!li) return undefined;
    return {
      index: Number(li.dataset.index),
      file: li.dataset.file || '',
      line: Number(li.dataset.line),
      character: Number(li.dataset.character),
      rule: li.dataset.rule || '',
    };
  }

  function keyOfFinding(li) {
    return [li.dataset.file, li.dataset.rule, li.dataset.line, li.dataset.character].join('\u0000');
  }

  function keyOf(el) {
    if (!el || el === document.body) return undefined;
    const li = el.closest ? el.closest('li.finding') : null;
    if (li) return { finding: keyOfFinding(li), action: el.dataset.action || (el.classList.contains('rule') ? 'rule' : ''), fix: el.dataset.fix || '' };
    if (el.id) return { id: el.id };
    return undefined;
  }

  function shown(kind) {
    const summary = document.querySelector('.summary');
    vscode.postMessage({
      type: kind,
      findings: document.querySelectorAll('li.finding').length,
      total: summary ? Number(summary.dataset.total) : 0,
      theme: document.body.className,
    });
  }

  // Capture phase on the window: before the webview host's own link handling.
  window.addEventListener('click', (event) => {
    const target = event.target;
    if (!target || !target.closest) return;
    const button = target.closest('button[data-action]');
    if (button) {
      const finding = findingOf(button);
      if (!finding) return;
      event.preventDefault();
      if (button.dataset.action === 'open') vscode.postMessage(Object.assign({ type: 'open' }, finding));
      else if (button.dataset.action === 'fix') vscode.postMessage(Object.assign({ type: 'fix', fix: Number(button.dataset.fix) }, finding));
      return;
    }
    const rule = target.closest('a.rule[data-rule]');
    if (rule && event.button === 0) {
      event.preventDefault();
      event.stopPropagation();
      vscode.postMessage({ type: 'docs', rule: rule.dataset.rule });
    }
  }, true);

  let pending = false;
  window.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      vscode.setState(Object.assign({}, vscode.getState() || {}, { scrollY: window.scrollY }));
    });
  }, { passive: true });

  function focusAgain(key, following) {
    if (!key) return;
    if (key.id) {
      const el = document.getElementById(key.id);
      if (el) el.focus({ preventScroll: true });
      return;
    }
    const items = Array.from(document.querySelectorAll('li.finding'));
    const same = items.find((li) => keyOfFinding(li) === key.finding);
    if (same) {
      const selector = key.action === 'rule' ? 'a.rule' : key.action === 'fix' ? 'button[data-action="fix"][data-fix="' + key.fix + '"]' : 'button[data-action="open"]';
      const el = same.querySelector(selector) || same.querySelector('button[data-action="open"]');
      if (el) {
        el.focus({ preventScroll: true });
        return;
      }
    }
    // Its finding has gone (fixed): the next one that is still listed, else the report itself.
    for (const k of following) {
      const next = items.find((li) => keyOfFinding(li) === k);
      if (next) {
        const el = next.querySelector('button[data-action="open"]');
        if (el) {
          el.focus({ preventScroll: true });
          return;
        }
      }
    }
    const main = document.getElementById('report');
    if (main) main.focus({ preventScroll: true });
  }

  function update(body) {
    const active = document.activeElement;
    const key = keyOf(active);
    const li = active && active.closest ? active.closest('li.finding') : null;
    const all = Array.from(document.querySelectorAll('li.finding'));
    const following = li ? all.slice(all.indexOf(li) + 1).map(keyOfFinding) : [];
    const y = window.scrollY;
    for (const node of Array.from(document.body.childNodes)) if (node !== self) node.remove();
    if (self) self.insertAdjacentHTML('beforebegin', body);
    else document.body.insertAdjacentHTML('afterbegin', body);
    window.scrollTo(0, y);
    focusAgain(key, following);
    shown('rendered');
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'update' && typeof message.body === 'string') update(message.body);
  });

  // VS Code switches the theme by the body's classes, without reloading the page.
  new MutationObserver(() => shown('theme')).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  if (typeof state.scrollY === 'number') window.scrollTo(0, state.scrollY);
  shown('ready');
})();
`;

/** The inside of a rendered page's body, without its script: what an update puts in place. */
export function bodyOf(html: string): string {
  const open = html.indexOf('<body');
  const start = html.indexOf('>', open) + 1;
  const script = html.lastIndexOf('<script nonce=');
  const end = script > start ? script : html.lastIndexOf('</body>');
  return html.slice(start, end).replace(/^\n/, '');
}
