/** What the secret rules share: turning occurrences into verdicts, and the words for exposure. */
import { secretsOf, type Exposure, type SecretOccurrence, type SecretRuleId } from '../analysis/secrets/occurrences';
import type { AstroProject } from '../project/model';
import type { Severity } from '../types';
import type { FileVerdict } from './rule';

/** `AWS secret access key (`wJal…`)`: the kind and the masked preview, never the value. */
export function named(o: SecretOccurrence): string {
  // A preview that shows nothing (`…`) is left out.
  return o.preview && o.preview.replace(/…/g, '') !== '' ? `${o.kind} (\`${o.preview}\`)` : o.kind;
}

/** error when the file would be committed or copied into the image; info when both ignore files exclude it. */
export function exposureSeverity(e: Exposure): Severity {
  return e.committed || e.inImage ? 'error' : 'info';
}

/** Why it matters, in the file's circumstances. */
export function exposureText(e: Exposure, example = false): string {
  if (example) return 'Example files are meant to be committed, so this value would be shared with everyone who can read the repository.';
  if (e.committed && e.inImage) return 'The file is excluded neither by .gitignore (it would be committed) nor by .dockerignore (the image build copies it into the image).';
  if (e.committed) return 'The file is not excluded by .gitignore, so it would be committed.';
  if (e.inImage) return 'The file is not excluded by .dockerignore, so the image build copies it into the image.';
  return 'The file is excluded by .gitignore and .dockerignore, which keeps it on this machine; make sure it stays that way.';
}

export function occurrencesOf(project: AstroProject, rule: SecretRuleId): SecretOccurrence[] {
  return secretsOf(project).occurrences.filter((o) => o.rule === rule);
}

export function verdictsOf(project: AstroProject, rule: SecretRuleId, build: (o: SecretOccurrence) => { message: string; severity?: Severity }): FileVerdict[] {
  return occurrencesOf(project, rule).map((o) => {
    const { message, severity } = build(o);
    return { file: o.file, range: o.range, message, severity, brief: `${o.kind} committed`, fixes: o.fixes };
  });
}
