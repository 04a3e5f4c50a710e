/**
 * What a team accepted on purpose: findings in files its configuration
 * leaves out (`ignore:`), findings its configuration accepts
 * (`ignore-findings:`), and findings an inline `astro-sr: ignore` comment
 * suppresses on its line. Every verdict is asked about before it becomes a
 * finding; afterwards, the ignores that suppressed nothing, or name no rule,
 * are findings themselves (ASR001), and so is every inline ignore where the
 * configuration forbids them (ASR002).
 */
import { inlineIgnoresModel, type InlineIgnore } from '../files/comments';
import { sourceOf } from '../project/load';
import type { AstroProject } from '../project/model';
import { ruleById } from '../rules';
import type { Range } from '../types';
import type { ProjectPolicy } from './config';

export interface SetupVerdict {
  ruleId: 'ASR001' | 'ASR002';
  file: string;
  range: Range;
  message: string;
}

export class Suppressions {
  /** `<file>:<index of the ignore>:<index of the id>` of every id that suppressed a verdict. */
  private readonly used = new Set<string>();
  private readonly ignores = new Map<string, InlineIgnore[]>();

  constructor(
    private readonly project: AstroProject,
    private readonly policy: ProjectPolicy,
  ) {}

  /** Whether a verdict of `ruleId` at `range` of `file` is accepted; an inline ignore that accepts it counts as used. */
  suppresses(ruleId: string, file: string, range: Range): boolean {
    const policy = this.policy;
    if (policy.ignored(file)) return true;
    for (const accepted of policy.accepted) {
      if (accepted.ruleId !== ruleId || !accepted.covers(file)) continue;
      if (accepted.entry.line === undefined || this.lineText(file, range.start.line).includes(accepted.entry.line)) return true;
    }
    if (!policy.inlineIgnores) return false;
    const ignores = this.ignoresOf(file);
    for (let i = 0; i < ignores.length; i++) {
      const ignore = ignores[i];
      if (ignore.target < range.start.line || ignore.target > range.end.line) continue;
      for (let k = 0; k < ignore.ids.length; k++) {
        if (ruleById(ignore.ids[k].id)?.id !== ruleId) continue;
        this.used.add(`${file}:${i}:${k}`);
        return true;
      }
    }
    return false;
  }

  /**
   * The findings about the ignores themselves, once every verdict was asked
   * about. `conclusive(id)` says whether the rule ran in full (an ignore of a
   * rule that is off, or that could not run, is not called unused).
   */
  setupVerdicts(conclusive: (ruleId: string) => boolean): SetupVerdict[] {
    const out: SetupVerdict[] = [];
    for (const file of this.filesWithIgnores()) {
      const ignores = this.ignoresOf(file);
      for (let i = 0; i < ignores.length; i++) {
        const ignore = ignores[i];
        if (!this.policy.inlineIgnores) {
          const from = this.policy.inlineIgnoresSource?.file.path ?? '.astro-sr.yaml';
          out.push({ ruleId: 'ASR002', file, range: ignore.range, message: `Inline ignores are turned off for this project (\`inline-ignores: false\` in ${from}): this comment suppresses nothing. Fix the finding, or accept it in ${from} under \`ignore-findings:\` with a reason.` });
          continue;
        }
        if (ignore.ids.length === 0) {
          out.push({ ruleId: 'ASR001', file, range: ignore.range, message: 'This ignore names no rule: write the ids it is for, such as `astro-sr: ignore ASR301 -- reason`.' });
          continue;
        }
        for (let k = 0; k < ignore.ids.length; k++) {
          const { id, range } = ignore.ids[k];
          const meta = ruleById(id);
          if (!meta) out.push({ ruleId: 'ASR001', file, range, message: `\`${id}\` is not a rule id or name, so this ignore suppresses nothing. \`astro-sr rules\` lists the rules.` });
          else if (!this.used.has(`${file}:${i}:${k}`) && conclusive(meta.id))
            out.push({ ruleId: 'ASR001', file, range, message: `${meta.id} (${meta.name}) reports nothing on ${ignore.target === range.start.line ? 'this line' : `line ${ignore.target + 1}`} any more: remove it from the ignore, so that it cannot hide a finding that comes later.` });
        }
      }
    }
    return out;
  }

  private ignoresOf(file: string): InlineIgnore[] {
    let list = this.ignores.get(file);
    if (!list) {
      const source = sourceOf(this.project, file);
      list = source ? source.model(inlineIgnoresModel) : [];
      this.ignores.set(file, list);
    }
    return list;
  }

  private lineText(file: string, line: number): string {
    return sourceOf(this.project, file)?.lines.lineText(line) ?? '';
  }

  /** The project's files that hold an inline ignore and are not left out. */
  private filesWithIgnores(): string[] {
    const project = this.project;
    const paths = new Set<string>([project.dockerfilePath]);
    for (const f of project.requirements?.files ?? []) paths.add(f.path);
    if (project.packages) paths.add(project.packages.path);
    for (const f of project.files?.sources ?? []) paths.add(f.path);
    return [...paths].filter((p) => !this.policy.ignored(p) && this.ignoresOf(p).length > 0).sort();
  }
}
