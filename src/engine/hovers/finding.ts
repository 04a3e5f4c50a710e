/**
 * The hover on a finding whose rule says what to do instead (the secret
 * rules): why it is the customer's to fix, the secure alternative that fits
 * where it was found, and links. Built from the rule's metadata and the
 * responsibility only, never from the file's text, so it cannot repeat a
 * secret's value.
 */
import { ruleDocsUrl } from '../product';
import { RESPONSIBILITIES, RESPONSIBILITY_MODEL_URL } from '../knowledge/responsibilities';
import { ruleById } from '../rules';
import type { RuleMeta } from '../rules/rule';
import type { Finding } from '../types';

/** Markdown for the findings under the cursor, or undefined when none of their rules has advice. */
export function findingHover(findings: readonly Finding[]): string | undefined {
  const rules = new Map<string, RuleMeta>();
  for (const f of findings) {
    const meta = ruleById(f.ruleId);
    if (meta?.instead) rules.set(meta.id, meta);
  }
  if (rules.size === 0) return undefined;
  const parts: string[] = [];
  for (const meta of rules.values()) {
    parts.push(`**${meta.summary}**`);
    parts.push(`**Instead:** ${meta.instead}`);
    if (meta.responsibility === 'tool') {
      parts.push(`[${meta.id} ${meta.name}](${ruleDocsUrl(meta.id)})`);
      continue;
    }
    const duty = RESPONSIBILITIES[meta.responsibility];
    parts.push(`**Your responsibility: ${duty.title}.** ${duty.duty} Astronomer secures the platform; what the repository and the image hold is on your side of the shared responsibility model.`);
    const links = [...duty.docs.map((d) => `[${d.title}](${d.url})`), `[Shared responsibility model](${RESPONSIBILITY_MODEL_URL})`, `[${meta.id} ${meta.name}](${ruleDocsUrl(meta.id)})`];
    parts.push(links.join(' · '));
  }
  return parts.join('\n\n');
}
