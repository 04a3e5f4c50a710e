import { imageKindOf } from '../project/model';
import { removeLineFix, requirementSpan, written } from '../analysis/requirements/judge';
import { readTag } from '../knowledge/runtime/image';
import type { FileVerdict, ProjectRule } from './rule';

/** `apache-airflow` in a requirements file: the Runtime image already provides Airflow. */
export const airflowReinstalled: ProjectRule = {
  meta: {
    id: 'ASR303',
    name: 'airflow-reinstalled',
    responsibility: 'code',
    defaultSeverity: 'error',
    summary: 'A requirements file installs apache-airflow, which Astro Runtime already provides.',
  },
  checkProject(project, ctx) {
    if (!project.requirements) return [];
    let provided = 'the Airflow version of your Runtime';
    const image = imageKindOf(project.final);
    if (image.kind === 'runtime') {
      const tag = readTag(project.final!.tag, image.family);
      const release = tag.kind === 'exact' ? ctx.catalog.get(tag.at.family, tag.at.version) : undefined;
      if (release?.airflowVersion) provided = `Airflow ${release.airflowVersion} (Runtime ${release.version})`;
    }
    const verdicts: FileVerdict[] = [];
    for (const file of project.requirements.files) {
      if (file.kind !== 'requirements') continue;
      for (const req of file.requirements) {
        if (req.normalizedName !== 'apache-airflow') continue;
        verdicts.push({
          file: req.file,
          range: requirementSpan(req),
          message: `\`${written(req)}\` installs Airflow again, but the Astro Runtime image already ships ${provided} with dependencies tested together. Installing it again can replace that Airflow or its dependencies with versions the Runtime was not built for, which breaks the image or changes it silently. Remove this line; to change Airflow, change the Runtime version in the Dockerfile.`,
          brief: 'apache-airflow installed again',
          fixes: [removeLineFix(req, 'Remove the apache-airflow line')],
        });
      }
    }
    return verdicts;
  },
};
