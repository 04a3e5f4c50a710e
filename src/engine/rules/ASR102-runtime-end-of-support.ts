import { lifecycleOf } from '../knowledge/runtime/lifecycle';
import { upgradeFixes, upgradeTargets } from '../analysis/runtime/upgrade';
import type { ImageRule } from './rule';

/**
 * The image's Runtime version is past end of basic support (error), past end
 * of maintenance, or within the warning window of either date (warning).
 */
export const runtimeEndOfSupport: ImageRule = {
  meta: {
    id: 'ASR102',
    name: 'runtime-end-of-support',
    responsibility: 'runtime',
    defaultSeverity: 'error',
    options: [{ name: 'warning-days', description: 'How many days before the end of maintenance or of basic support to start warning (default 30).', type: { integer: { minimum: 0 } } }],
    summary: 'The Astro Runtime version is past, or close to, the end of maintenance or of basic support.',
  },
  checkImage(subject, ctx) {
    const { tag, release } = subject;
    if (tag?.kind !== 'exact' || !release) return undefined;
    const life = lifecycleOf(release, ctx.today, ctx.warningDays);
    if (life.state === 'supported') return undefined;
    const target = upgradeTargets(subject, ctx).preferred;
    const move = target ? ` Upgrade to ${target.version}${target.airflowVersion ? ` (Airflow ${target.airflowVersion})` : ''}.` : '';
    const trap = release.family === 'v2' && release.line === '3' ? ` (If you meant the Airflow 3 image, ${release.version.replace(/\.(\d+)$/, '-$1')} is published at astrocrpublic.azurecr.io/runtime.)` : '';
    const v = `Astro Runtime ${release.version}`;
    switch (life.state) {
      case 'unsupported':
        return {
          message: `${v} reached the end of basic support on ${life.date}: Astronomer no longer patches or supports it, and new Deployments cannot use it.${move}${trap}`,
          brief: `past end of basic support (${life.date})`,
          fixes: upgradeFixes(subject, ctx),
        };
      case 'maintenance-ended':
        return {
          severity: 'warning',
          message: `${v} is past the end of maintenance (${life.date}): it gets no more bug or security fixes${release.endOfBasicSupport ? `, and basic support ends on ${release.endOfBasicSupport}` : ''}.${move}${trap}`,
          brief: `past end of maintenance (${life.date})`,
          fixes: upgradeFixes(subject, ctx),
        };
      case 'ending-soon':
        return {
          severity: 'warning',
          message: `${v} reaches the end of ${life.which} on ${life.date}, ${life.days === 0 ? 'today' : `in ${life.days} day${life.days === 1 ? '' : 's'}`}.${move}`,
          brief: `end of ${life.which} on ${life.date}`,
          fixes: upgradeFixes(subject, ctx),
        };
    }
  },
};
