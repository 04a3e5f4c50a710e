import * as vscode from 'vscode';

const { l10n } = vscode;
import { subjectsOf } from '../engine/analysis/runtime/subjects';
import { contextOf } from '../engine/check';
import { findingHover } from '../engine/hovers/finding';
import { dirname } from '../engine/fs/fs';
import { RULES } from '../engine/rules';
import { ruleDocsUrl } from '../engine/product';
import { loadProject } from '../engine/project/find';
import { requirementHover } from '../engine/hovers/requirement';
import { parsePackagesFile } from '../engine/files/requirements/packages';
import { parseRequirementsFile } from '../engine/files/requirements/parse';
import { RESPONSIBILITIES, RESPONSIBILITY_MODEL_URL } from '../engine/knowledge/responsibilities';
import { describeRuntimeImage } from '../engine/analysis/runtime/describe';
import type { LifecycleState } from '../engine/knowledge/runtime/lifecycle';
import type { RuntimeRelease } from '../engine/knowledge/runtime/catalog';
import { toRange } from './convert';
import type { IntelService } from './intelService';
import type { Linter } from './linter';
import { requirementFileKind } from './links';
import { rootOf, VsCodeFs } from './vscodeFs';

const UPGRADE_GUIDE = RESPONSIBILITIES.runtime.docs[0];

/** Explains the image under the cursor: its Runtime version, lifecycle, and what is the customer's to do. */
export class ImageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly linter: Linter) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const { root, path } = rootOf(doc.uri);
    // The image hover needs the Dockerfile only, not the project's other files.
    const project = await loadProject(new VsCodeFs(root), dirname(path), [], { withFiles: false });
    if (!project) return undefined;
    const options = this.linter.options();
    const ctx = contextOf(options);
    const subject = subjectsOf(project, ctx.catalog).find((s) => toRange(s.stage.range).contains(position));
    if (!subject || subject.image.kind === 'other' && !subject.isFinal) return undefined;

    const md = new vscode.MarkdownString();
    const finding = this.linter.findingsFor(doc.uri)?.findings.find((f) => toRange(f.range).isEqual(toRange(subject.stage.range)));
    if (subject.image.kind === 'certified') {
      md.appendMarkdown(`${l10n.t('**Astronomer Certified image** (`{0}`): the distribution that came before Astro Runtime, no longer supported.', subject.stage.path)}\n\n`);
    } else if (subject.image.kind === 'other') {
      md.appendMarkdown(`${l10n.t('**Not an Astro Runtime image**: `{0}`.', subject.stage.resolved)}\n\n`);
    } else {
      const facts = describeRuntimeImage(subject, ctx);
      const r = facts.release;
      const tag = subject.tag;
      if (r) {
        md.appendMarkdown(`${l10n.t('**Astro Runtime {0}**', r.version)}${r.airflowVersion ? ` · ${l10n.t('Airflow {0}', r.airflowVersion)}` : ''}${r.yanked ? ` · **${l10n.t('yanked')}**` : ''}\n\n`);
        const dates = [
          r.releaseDate && l10n.t('Released {0}', r.releaseDate),
          r.endOfMaintenance && l10n.t('maintenance until {0}', r.endOfMaintenance),
          r.endOfBasicSupport && l10n.t('basic support until {0}', r.endOfBasicSupport),
        ].filter(Boolean);
        if (dates.length) md.appendMarkdown(`${dates.join(' · ')}\n\n`);
        if (facts.lifecycle) md.appendMarkdown(`${lifecycleText(facts.lifecycle)}\n\n`);
        if (r.yankedReason) md.appendMarkdown(`${l10n.t('Yanked: {0}', r.yankedReason)}\n\n`);
      } else if (tag?.kind === 'exact') {
        md.appendMarkdown(`${l10n.t('**Astro Runtime {0}**: not in the Runtime catalog.', tag.at.version)}\n\n`);
      } else {
        md.appendMarkdown(`${l10n.t('**Astro Runtime**, tag `{0}`: not pinned to a version.', subject.stage.tag ?? l10n.t('(none)'))}\n\n`);
      }
      const upgrades = [
        facts.newestInLine && facts.newestInLine.version !== r?.version && l10n.t('newest in this line: {0}', releaseText(facts.newestInLine)),
        facts.newestSupportedLine && l10n.t('newest supported line: {0}', releaseText(facts.newestSupportedLine)),
      ].filter(Boolean);
      if (upgrades.length) md.appendMarkdown(`${l10n.t('Upgrades: {0}', upgrades.join(' · '))}\n\n`);
      if (facts.newerAirflowMajor) {
        md.appendMarkdown(
          `${l10n.t('A newer Airflow major is available: Astro Runtime {0}. Moving to it is a planned migration, not a quick fix: see [{1}]({2}).', releaseText(facts.newerAirflowMajor), UPGRADE_GUIDE.title, UPGRADE_GUIDE.url)}\n\n`,
        );
      }
    }
    const duty = RESPONSIBILITIES.runtime;
    md.appendMarkdown(`${l10n.t('**Your responsibility: {0}.**', duty.title)} ${duty.duty}\n\n`);
    const rule = finding ? RULES.find((x) => x.id === finding.ruleId) : undefined;
    const links = [
      `[${UPGRADE_GUIDE.title}](${UPGRADE_GUIDE.url})`,
      `[${l10n.t('Shared responsibility model')}](${RESPONSIBILITY_MODEL_URL})`,
      rule ? `[${rule.id} ${rule.name}](${ruleDocsUrl(rule.id)})` : undefined,
    ].filter(Boolean);
    md.appendMarkdown(`${links.join(' · ')}\n\n`);
    const info = ctx.catalog.info;
    md.appendMarkdown(`_${l10n.t('Runtime catalog: {0}, as of {1}.', info.source, info.asOf)}_`);
    return new vscode.Hover(md, toRange(subject.stage.range));
  }
}

function releaseText(r: RuntimeRelease): string {
  return `${r.version}${r.airflowVersion ? ` (${l10n.t('Airflow {0}', r.airflowVersion)})` : ''}`;
}

function lifecycleText(l: LifecycleState): string {
  switch (l.state) {
    case 'supported':
      return l10n.t('Supported.');
    case 'ending-soon':
      return l.days === 1 ? l10n.t('End of {0} on {1}, in 1 day.', l.which, l.date) : l10n.t('End of {0} on {1}, in {2} days.', l.which, l.date, l.days);
    case 'maintenance-ended':
      return l10n.t('Past end of maintenance ({0}): no more fixes.', l.date);
    case 'unsupported':
      return l10n.t('Past end of basic support ({0}): no longer supported.', l.date);
  }
}

/** Explains the requirement under the cursor: what it resolves to, its advisories, and what is the customer's to do. */
export class RequirementHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly linter: Linter,
    private readonly intel: IntelService,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const { path } = rootOf(doc.uri);
    const file = parseRequirementsFile(path, doc.getText(), requirementFileKind(doc.uri));
    const req = file.requirements.find((r) => toRange(r.range).contains(position));
    if (!req) return undefined;
    const range = toRange(req.range);
    const findings = (this.linter.findingsFor(doc.uri)?.findings ?? []).filter((f) => toRange(f.range).intersection(range) !== undefined);
    const intel = this.intel.current;
    const name = req.normalizedName;
    const pinned = req.pinnedVersion;
    const md = new vscode.MarkdownString(
      requirementHover({
        requirement: req,
        intel: {
          availability: name ? this.intel.stateOf(name, req.kind === 'named' ? pinned : undefined) : intel.status,
          latest: name ? intel.latest(name) : undefined,
          advisories: name && pinned ? intel.advisories(name, pinned) : undefined,
        },
        findings,
      }),
    );
    return new vscode.Hover(md, range);
  }
}

/** Explains a Debian package of packages.txt: what is written, the findings on it, and whose it is to keep current. */
export class AptPackageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly linter: Linter) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const { path } = rootOf(doc.uri);
    const pkg = parsePackagesFile(path, doc.getText()).packages.find((p) => toRange(p.range).contains(position));
    if (!pkg) return undefined;
    const range = toRange(pkg.range);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${pkg.name}** \`${pkg.version === undefined ? pkg.name : `${pkg.name}=${pkg.version}`}\` · ${l10n.t('Debian package, installed with `apt-get` when the image is built')}\n\n`);
    md.appendMarkdown(
      pkg.version === undefined
        ? `${l10n.t("No version: the newest candidate of the Runtime image's Debian release at each build.")}\n\n`
        : `${l10n.t('Pinned to {0}: the build fails once the Debian mirror no longer carries it, and security updates wait for you.', pkg.version)}\n\n`,
    );
    const duty = RESPONSIBILITIES.code;
    md.appendMarkdown(`${l10n.t('**Your responsibility: {0}.**', duty.title)} ${duty.duty}\n\n`);
    const findings = (this.linter.findingsFor(doc.uri)?.findings ?? []).filter((f) => toRange(f.range).intersection(range) !== undefined);
    const rules = [...new Map(findings.map((f) => [f.ruleId, f.rule])).entries()];
    const links = [
      ...duty.docs.map((d) => `[${d.title}](${d.url})`),
      `[${l10n.t('Shared responsibility model')}](${RESPONSIBILITY_MODEL_URL})`,
      ...rules.map(([id, name]) => `[${id} ${name}](${ruleDocsUrl(id)})`),
    ];
    md.appendMarkdown(links.join(' · '));
    return new vscode.Hover(md, range);
  }
}

/** Explains a finding whose rule has advice (the committed credentials): why it is yours, what to do instead, links. In any file. */
export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(private readonly linter: Linter) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const findings = (this.linter.findingsFor(doc.uri)?.findings ?? []).filter((f) => toRange(f.range).contains(position));
    const text = findingHover(findings);
    if (!text) return undefined;
    const range = findings.map((f) => toRange(f.range)).reduce((a, b) => a.union(b));
    return new vscode.Hover(new vscode.MarkdownString(text), range);
  }
}
