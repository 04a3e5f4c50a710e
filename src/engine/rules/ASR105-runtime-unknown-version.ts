import { familyImageFix } from '../analysis/runtime/upgrade';
import type { ImageRule } from './rule';

/** An Astro Runtime image whose version the Runtime catalog does not know. */
export const runtimeUnknownVersion: ImageRule = {
  meta: {
    id: 'ASR105',
    name: 'runtime-unknown-version',
    responsibility: 'runtime',
    defaultSeverity: 'warning',
    summary: 'The Astro Runtime version is not in the Runtime catalog.',
  },
  checkImage(subject, ctx) {
    const { stage, tag, release, image } = subject;
    if (image.kind !== 'runtime' || !tag || stage.missingArgs.length > 0) return undefined;
    const catalog = `the Runtime catalog (${ctx.catalog.info.source}, as of ${ctx.catalog.info.asOf})`;
    if (tag.kind === 'unreadable') {
      return {
        message: `The tag '${stage.tag}' is not an Astro Runtime version that ${catalog} knows: check it for a typo.`,
        brief: `unknown tag '${stage.tag}'`,
      };
    }
    if (tag.kind !== 'exact' || release) return undefined;
    if (tag.at.family !== image.family) {
      const known = ctx.catalog.get(tag.at.family, tag.at.version);
      const fix = known ? familyImageFix(subject, tag.at.family) : undefined;
      return {
        message: `${stage.registry ? `${stage.registry}/` : ''}${stage.path} has no ${tag.at.version} image.${familyHint(tag.at.family)}${known ? '' : ` ${tag.at.version} is not in ${catalog} either.`}`,
        brief: `${tag.at.version} is not published under this image name`,
        fixes: fix ? [fix] : [],
      };
    }
    return {
      message: `Astro Runtime ${tag.at.version} is not in ${catalog}: it may be mistyped, never released, or newer than the catalog.`,
      brief: `${tag.at.version} not in the catalog`,
    };
  },
};

function familyHint(family: 'v2' | 'v3'): string {
  return family === 'v3'
    ? ' Versions written like 3.1-12 (Runtime for Airflow 3) are published at astrocrpublic.azurecr.io/runtime.'
    : ' Versions written like 12.4.0 (Runtime for Airflow 2) are published at quay.io/astronomer/astro-runtime.';
}
