import { isMap, isScalar } from 'yaml';
import { isDeploymentText, parseDeploymentFile } from '../files/deployment';
import { get } from '../files/yaml';
import { falsy } from '../knowledge/airflow/options';
import type { FileVerdict, ProjectRule } from './rule';

/** `prod`, `production`, `prd` or `live` as a word of the name or description (`data-prod`, `Prod EU`, `live_reporting`). */
export const DEFAULT_PRODUCTION_PATTERN = '(?<![a-z0-9])(?:prod|production|prd|live)(?![a-z0-9])';

/** Only this much of a name or description is matched: enough for any name, and a bound on the time a pattern from the configuration can take. */
const MATCHED_LENGTH = 200;

function productionTest(pattern: string | undefined): (text: string) => boolean {
  let re: RegExp;
  try {
    re = new RegExp(pattern ?? DEFAULT_PRODUCTION_PATTERN, 'i');
  } catch {
    re = new RegExp(DEFAULT_PRODUCTION_PATTERN, 'i');
  }
  return (text) => re.test(text.slice(0, MATCHED_LENGTH));
}

/** A Deployment file (deployments as code) with `ci_cd_enforcement: false`: warning when the Deployment looks like production, info otherwise. */
export const ciCdNotEnforced: ProjectRule = {
  meta: {
    id: 'ASR509',
    name: 'ci-cd-not-enforced',
    responsibility: 'access',
    defaultSeverity: 'warning',
    summary: 'A Deployment file lets users deploy from their own machines instead of only through CI/CD.',
    instead:
      'Set `ci_cd_enforcement: true` for Deployments that matter, production first: Astro then accepts deploys only with API tokens, so every change goes through your repository, its reviews and its pipeline. Give the pipeline a Deployment API token kept in the CI system\'s secret store.',
    options: [
      {
        name: 'production-pattern',
        description:
          "A regular expression (JavaScript syntax, matched ignoring case) for the names and descriptions of production Deployments: their Deployment files get a warning, others an info. Default: `prod`, `production`, `prd` or `live` as a word.",
        type: { pattern: { maxLength: 200 } },
      },
    ],
  },
  checkProject(project, ctx) {
    const isProduction = productionTest(ctx.productionPattern);
    const verdicts: FileVerdict[] = [];
    for (const file of project.files?.sources ?? []) {
      if (file.kind !== 'yaml' || !isDeploymentText(file.text)) continue;
      const doc = file.model(parseDeploymentFile).yaml.doc;
      const configuration = get(get(doc?.contents, 'deployment')?.value, 'configuration')?.value;
      if (!isMap(configuration)) continue;
      const node = get(configuration, 'ci_cd_enforcement')?.value;
      if (!isScalar(node) || !node.range || !falsy(node.value)) continue;
      const text = (key: string): string => {
        const v = get(configuration, key)?.value;
        return isScalar(v) && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : '';
      };
      const name = text('name');
      const production = isProduction(name) || isProduction(text('description'));
      const range = file.lines.rangeOf(node.range[0], node.range[1]);
      const written = file.text.slice(node.range[0], node.range[1]);
      const quote = written[0] === '"' || written[0] === "'" ? written[0] : '';
      const deployment = name ? `Deployment \`${name}\`` : 'this Deployment';
      verdicts.push({
        file: file.path,
        range,
        severity: production ? 'warning' : 'info',
        message: production
          ? `\`ci_cd_enforcement: false\` lets anyone with a deploy role push code to ${deployment}, which looks like production, straight from their machine with \`astro deploy\`: code that skipped review, tests and your pipeline runs with the Deployment's connections and data. Set it to true so that only API tokens (your CI/CD) can deploy.`
          : `\`ci_cd_enforcement: false\` lets users deploy to ${deployment} from their own machines with \`astro deploy\`, bypassing review and CI. That is common for development Deployments; enforce CI/CD on any Deployment whose data or connections matter.`,
        brief: 'CI/CD not enforced',
        fixes: [{ title: 'Set ci_cd_enforcement to true', isPreferred: true, edits: [{ file: file.path, range, newText: `${quote}true${quote}` }] }],
      });
    }
    return verdicts;
  },
};
