/**
 * The shared-responsibility report (`astro-sr report`, and the editor's
 * report view): its model and its Markdown and HTML renderings. The engine's
 * top layer: only the CLI and the extension import it.
 */
export * from './model';
export { renderMarkdown, escapeMarkdown, markdownCode, markdownMessage } from './markdown';
export { renderHtml, escapeHtml, reportCsp, type HtmlOptions } from './html';
