import * as vscode from 'vscode';
import { contextOf, subjectsOf } from '../engine/check';
import { dirname } from '../engine/fs';
import { RULES } from '../engine/rules';
import { ruleDocsUrl } from '../engine/product';
import { loadProject } from '../engine/project';
import { RESPONSIBILITIES, RESPONSIBILITY_MODEL_URL } from '../engine/responsibilities';
import { describeRuntimeImage } from '../engine/runtime/describe';
import type { LifecycleState } from '../engine/runtime/lifecycle';
import type { RuntimeRelease } from '../engine/runtime/catalog';
import { toRange } from './convert';
import type { Linter } from './linter';
import { rootOf, VsCodeFs } from './vscodeFs';

const UPGRADE_GUIDE = RESPONSIBILITIES.runtime.docs[0];

/** Explains the image under the cursor: its Runtime version, lifecycle, and what is the customer's to do. */
export class ImageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly linter: Linter) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const { root, path } = rootOf(doc.uri);
    const project = await loadProject(new VsCodeFs(root), dirname(path));
    if (!project) return undefined;
    const options = this.linter.options();
    const ctx = contextOf(options);
    const subject = subjectsOf(project, ctx.catalog).find((s) => toRange(s.stage.range).contains(position));
    if (!subject || subject.image.kind === 'other' && !subject.isFinal) return undefined;

    const md = new vscode.MarkdownString();
    const finding = this.linter.findingsFor(doc.uri)?.findings.find((f) => toRange(f.range).isEqual(toRange(subject.stage.range)));
    if (subject.image.kind === 'certified') {
      md.appendMarkdown(`**Astronomer Certified image** (\`${subject.stage.path}\`): the distribution that came before Astro Runtime, no longer supported.\n\n`);
    } else if (subject.image.kind === 'other') {
      md.appendMarkdown(`**Not an Astro Runtime image**: \`${subject.stage.resolved}\`.\n\n`);
    } else {
      const facts = describeRuntimeImage(subject, ctx);
      const r = facts.release;
      const tag = subject.tag;
      if (r) {
        md.appendMarkdown(`**Astro Runtime ${r.version}**${r.airflowVersion ? ` · Airflow ${r.airflowVersion}` : ''}${r.yanked ? ' · **yanked**' : ''}\n\n`);
        const dates = [
          r.releaseDate && `Released ${r.releaseDate}`,
          r.endOfMaintenance && `maintenance until ${r.endOfMaintenance}`,
          r.endOfBasicSupport && `basic support until ${r.endOfBasicSupport}`,
        ].filter(Boolean);
        if (dates.length) md.appendMarkdown(`${dates.join(' · ')}\n\n`);
        if (facts.lifecycle) md.appendMarkdown(`${lifecycleText(facts.lifecycle)}\n\n`);
        if (r.yankedReason) md.appendMarkdown(`Yanked: ${r.yankedReason}\n\n`);
      } else if (tag?.kind === 'exact') {
        md.appendMarkdown(`**Astro Runtime ${tag.at.version}**: not in the Runtime catalog.\n\n`);
      } else {
        md.appendMarkdown(`**Astro Runtime**, tag \`${subject.stage.tag ?? '(none)'}\`: not pinned to a version.\n\n`);
      }
      const upgrades = [
        facts.newestInLine && facts.newestInLine.version !== r?.version && `newest in this line: ${releaseText(facts.newestInLine)}`,
        facts.newestSupportedLine && `newest supported line: ${releaseText(facts.newestSupportedLine)}`,
      ].filter(Boolean);
      if (upgrades.length) md.appendMarkdown(`Upgrades: ${upgrades.join(' · ')}\n\n`);
      if (facts.newerAirflowMajor) {
        md.appendMarkdown(
          `A newer Airflow major is available: Astro Runtime ${releaseText(facts.newerAirflowMajor)}. Moving to it is a planned migration, not a quick fix: see [${UPGRADE_GUIDE.title}](${UPGRADE_GUIDE.url}).\n\n`,
        );
      }
    }
    const duty = RESPONSIBILITIES.runtime;
    md.appendMarkdown(`**Your responsibility: ${duty.title}.** ${duty.duty}\n\n`);
    const rule = finding ? RULES.find((x) => x.id === finding.ruleId) : undefined;
    const links = [
      `[${UPGRADE_GUIDE.title}](${UPGRADE_GUIDE.url})`,
      `[Shared responsibility model](${RESPONSIBILITY_MODEL_URL})`,
      rule ? `[${rule.id} ${rule.name}](${ruleDocsUrl(rule.id)})` : undefined,
    ].filter(Boolean);
    md.appendMarkdown(`${links.join(' · ')}\n\n`);
    const info = ctx.catalog.info;
    md.appendMarkdown(`_Runtime catalog: ${info.source}, as of ${info.asOf}._`);
    return new vscode.Hover(md, toRange(subject.stage.range));
  }
}

function releaseText(r: RuntimeRelease): string {
  return `${r.version}${r.airflowVersion ? ` (Airflow ${r.airflowVersion})` : ''}`;
}

function lifecycleText(l: LifecycleState): string {
  switch (l.state) {
    case 'supported':
      return 'Supported.';
    case 'ending-soon':
      return `End of ${l.which} on ${l.date}, in ${l.days} day${l.days === 1 ? '' : 's'}.`;
    case 'maintenance-ended':
      return `Past end of maintenance (${l.date}): no more fixes.`;
    case 'unsupported':
      return `Past end of basic support (${l.date}): no longer supported.`;
  }
}
