/** What is known about a Runtime image, for hovers and reports. */
import type { CheckContext } from '../context';
import type { ImageSubject } from './subjects';
import { RuntimeCatalog, type RuntimeRelease } from '../../knowledge/runtime/catalog';
import { compareVersions } from '../../knowledge/runtime/image';
import { lifecycleOf, type LifecycleState } from '../../knowledge/runtime/lifecycle';
import { upgradeTargets } from './upgrade';

export interface RuntimeImageFacts {
  release?: RuntimeRelease;
  lifecycle?: LifecycleState;
  newestInLine?: RuntimeRelease;
  newestSupportedLine?: RuntimeRelease;
  /** The newest release for a newer Airflow major, never offered as a fix. */
  newerAirflowMajor?: RuntimeRelease;
}

export function describeRuntimeImage(subject: ImageSubject, ctx: CheckContext): RuntimeImageFacts {
  const { release, tag, image } = subject;
  if (image.kind !== 'runtime') return {};
  const targets = upgradeTargets(subject, ctx);
  const major = release ? RuntimeCatalog.airflowMajor(release) : image.family === 'v3' ? 3 : 2;
  let newerAirflowMajor: RuntimeRelease | undefined;
  for (const family of ['v2', 'v3'] as const) {
    for (const line of ctx.catalog.lines(family)) {
      const r = ctx.catalog.newestInLine(family, line);
      if (!r || RuntimeCatalog.airflowMajor(r) <= major) continue;
      const best = newerAirflowMajor ? RuntimeCatalog.airflowMajor(newerAirflowMajor) : -1;
      const m = RuntimeCatalog.airflowMajor(r);
      if (m > best || (m === best && compareVersions(r.version, newerAirflowMajor!.version) > 0)) newerAirflowMajor = r;
    }
  }
  const line = tag?.kind === 'exact' ? tag.at.line : tag?.kind === 'floating' ? tag.line : undefined;
  const family = tag?.kind === 'exact' ? tag.at.family : image.family;
  return {
    release,
    lifecycle: release ? lifecycleOf(release, ctx.today, ctx.warningDays) : undefined,
    newestInLine: line === undefined ? undefined : ctx.catalog.newestInLine(family, line),
    newestSupportedLine: targets.newestLine,
    newerAirflowMajor,
  };
}
