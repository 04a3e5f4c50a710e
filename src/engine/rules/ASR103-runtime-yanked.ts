import { isInstallable, type RuntimeRelease } from '../knowledge/runtime/catalog';
import { compareVersions } from '../knowledge/runtime/image';
import { upgradeFixes, upgradeTargets, versionFix } from '../analysis/runtime/upgrade';
import type { CheckContext } from './rule';
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
    const upgrades = upgradeFixes(subject, ctx);
    // When nothing newer can be installed, the release before the yanked one is the way out.
    const target = upgradeTargets(subject, ctx).preferred ?? (upgrades.length ? undefined : previousInstallable(subject.release!, ctx));
    const back = !upgrades.length && target ? versionFix(subject, target.version) : undefined;
    return {
      message: `Astro Runtime ${release.version} was yanked by Astronomer${reason}.${target ? ` Move to ${target.version}.` : ' Move to another release of this line.'}`,
      brief: 'yanked',
      fixes: back ? [{ ...back, title: `Move back to ${target!.version}`, isPreferred: true }] : upgrades,
    };
  },
};

function previousInstallable(release: RuntimeRelease, ctx: CheckContext): RuntimeRelease | undefined {
  const older = ctx.catalog.line(release.family, release.line).filter((r) => isInstallable(r) && compareVersions(r.version, release.version) < 0);
  return older[older.length - 1];
}
