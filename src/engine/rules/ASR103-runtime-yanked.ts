import { upgradeFixes, upgradeTargets } from '../runtime/upgrade';
import type { ImageRule } from './rule';

/** Astronomer withdrew (yanked) the image's Runtime version. */
export const runtimeYanked: ImageRule = {
  meta: {
    id: 'ASR103',
    name: 'runtime-yanked',
    responsibility: 'runtime',
    defaultSeverity: 'error',
    summary: 'The Astro Runtime version was yanked by Astronomer.',
  },
  checkImage(subject, ctx) {
    const { tag, release } = subject;
    if (tag?.kind !== 'exact' || !release?.yanked) return undefined;
    const reason = release.yankedReason ? `: ${release.yankedReason.replace(/\.$/, '')}` : '';
    const target = upgradeTargets(subject, ctx).preferred;
    return {
      message: `Astro Runtime ${release.version} was yanked by Astronomer${reason}.${target ? ` Move to ${target.version}.` : ' Move to another release of this line.'}`,
      brief: 'yanked',
      fixes: upgradeFixes(subject, ctx),
    };
  },
};
