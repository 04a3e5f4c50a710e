import { compareVersions } from '../knowledge/runtime/image';
import { upgradeFixes } from '../analysis/runtime/upgrade';
import type { ImageRule } from './rule';

/**
 * A newer stable, non-yanked release exists in the image's own line: the same
 * Runtime major for `12.4.0`-style versions, the same Airflow minor for `3.1-N`.
 * A newer Airflow major is never reported here (the hover mentions it).
 */
export const runtimeOutdated: ImageRule = {
  meta: {
    id: 'ASR101',
    name: 'runtime-outdated',
    responsibility: 'runtime',
    defaultSeverity: 'warning',
    summary: 'A newer release of the same Astro Runtime line is available.',
  },
  checkImage(subject, ctx) {
    const { tag, release } = subject;
    if (tag?.kind !== 'exact' || !release) return undefined;
    const newest = ctx.catalog.newestInLine(release.family, release.line);
    if (!newest || compareVersions(newest.version, release.version) <= 0) return undefined;
    const airflow = newest.airflowVersion ? ` (Airflow ${newest.airflowVersion})` : '';
    return {
      message: `Astro Runtime ${release.version} is behind its line: ${newest.version}${airflow} is the newest release. Upgrading brings Astronomer's bug and security fixes to your image.`,
      brief: `${newest.version} is newer in the same line`,
      fixes: upgradeFixes(subject, ctx),
    };
  },
};
