/**
 * Where a Runtime image should move, and the edits that move it. Targets are
 * stable, non-yanked releases only, never across an Airflow major.
 */
import type { CheckContext } from '../context';
import type { ImageSubject } from './subjects';
import type { Fix } from '../../types';
import { isInstallable, RuntimeCatalog, type RuntimeRelease } from '../../knowledge/runtime/catalog';
import { CURRENT_V3_REGISTRY, compareVersions, versionLength, type RuntimeFamily } from '../../knowledge/runtime/image';
import { lifecycleOf, shouldLeaveLine } from '../../knowledge/runtime/lifecycle';

export interface UpgradeTargets {
  /** The newest installable release of the image's own line, when newer than the image. */
  sameLine?: RuntimeRelease;
  /** The newest installable release of the newest supported line of the same Airflow major, when that is another line. */
  newestLine?: RuntimeRelease;
  /** Which of the two the preferred fix uses. */
  preferred?: RuntimeRelease;
}

export function upgradeTargets(subject: ImageSubject, ctx: CheckContext): UpgradeTargets {
  const { tag, release } = subject;
  if (subject.image.kind !== 'runtime' || !tag) return {};
  const family: RuntimeFamily = tag.kind === 'exact' ? tag.at.family : subject.image.family;
  const current = tag.kind === 'exact' ? tag.at.version : undefined;
  const isNewer = (r: RuntimeRelease | undefined) => (r && (current === undefined || compareVersions(r.version, current) > 0) ? r : undefined);
  const line = tag.kind === 'exact' ? tag.at.line : tag.kind === 'floating' ? tag.line : undefined;
  const airflowMajor = release ? RuntimeCatalog.airflowMajor(release) : family === 'v3' ? 3 : 2;

  // A floating `12.4` stands for the 12.4.x releases only.
  const prefix = tag.kind === 'floating' && family === 'v2' && tag.prefix.includes('.') ? `${tag.prefix}.` : undefined;
  const sameLine =
    line === undefined
      ? undefined
      : prefix
        ? [...ctx.catalog.line(family, line)].reverse().find((r) => isInstallable(r) && r.version.startsWith(prefix))
        : isNewer(ctx.catalog.newestInLine(family, line));
  let newestLine: RuntimeRelease | undefined;
  for (const l of ctx.catalog.lines(family).reverse()) {
    const candidate = ctx.catalog.newestInLine(family, l);
    if (!candidate || RuntimeCatalog.airflowMajor(candidate) !== airflowMajor) continue;
    if (lifecycleOf(candidate, ctx.today, ctx.warningDays).state === 'unsupported') continue;
    if (l !== line) newestLine = isNewer(candidate);
    break;
  }
  // A floating tag stands for its line's newest release: judge the line by that one.
  const judged = release ?? (tag.kind === 'floating' && line !== undefined ? ctx.catalog.newestInLine(family, line) : undefined);
  const leaveLine = line === undefined || (judged !== undefined && shouldLeaveLine(judged, ctx.today, ctx.warningDays));
  const preferred = leaveLine ? newestLine ?? sameLine : sameLine ?? newestLine;
  return { sameLine, newestLine, preferred };
}

/** The fixes that move the image to its upgrade targets, the preferred one first. */
export function upgradeFixes(subject: ImageSubject, ctx: CheckContext): Fix[] {
  const targets = upgradeTargets(subject, ctx);
  const fixes: Fix[] = [];
  for (const target of [targets.preferred, targets.sameLine, targets.newestLine]) {
    if (!target || fixes.some((f) => f.title.startsWith(`Upgrade to ${target.version}`) || f.title.startsWith(`Pin ${target.version}`))) continue;
    const fix = versionFix(subject, target.version, describe(target));
    if (!fix) continue;
    if (target === targets.preferred) fix.isPreferred = true;
    fixes.push(fix);
  }
  return fixes;
}

function describe(r: RuntimeRelease): string {
  return r.airflowVersion ? ` (Airflow ${r.airflowVersion})` : '';
}

/** An edit that replaces only the version text of the image's tag with `version`. */
export function versionFix(subject: ImageSubject, version: string, detail = ''): Fix | undefined {
  const { stage, tag, project } = subject;
  if (!tag) return undefined;
  const file = project.dockerfilePath;
  const verb = tag.kind === 'exact' ? 'Upgrade to' : 'Pin';
  if (stage.digest) {
    // Never pair the old digest with a new tag: replace both, and say so.
    const span = stage.spans.tag && stage.spans.digest && stage.locate(stage.spans.tag[0], stage.spans.digest[1]);
    if (!span || !stage.tag) return undefined;
    const variant = tag.kind === 'exact' ? tag.at.variant : tag.kind === 'floating' ? tag.variant : '';
    return { title: `${verb} ${version}${detail} and drop the digest pin`, edits: [{ file, range: span.range, newText: version + variant }] };
  }
  if (stage.tag !== undefined && stage.spans.tag) {
    const start = stage.spans.tag[0];
    const span = stage.locate(start, start + versionLength(stage.tag, tag));
    if (!span) return undefined;
    return { title: `${verb} ${version}${detail}`, edits: [{ file, range: span.range, newText: version }] };
  }
  if (stage.tag === undefined && stage.written === stage.resolved) {
    // No tag: insert one after the repository path.
    const at = { line: stage.range.end.line, character: stage.range.end.character };
    return { title: `${verb} ${version}${detail}`, edits: [{ file, range: { start: at, end: at }, newText: `:${version}` }] };
  }
  return undefined;
}

/** Moves an image from the old `air.astronomer.io` registry to the current one. */
export function registryFix(subject: ImageSubject): Fix | undefined {
  const { stage } = subject;
  const span = stage.spans.registry && stage.locate(...stage.spans.registry);
  if (!span) return undefined;
  return { title: `Use ${CURRENT_V3_REGISTRY}`, edits: [{ file: subject.project.dockerfilePath, range: span.range, newText: CURRENT_V3_REGISTRY }] };
}

/**
 * For `FROM …:${V}` with `ARG V` and no default: give the ARG a default, the
 * newest release of the newest supported line of the image's family. Only
 * when the whole tag comes from that one ARG.
 */
export function argDefaultFix(subject: ImageSubject, ctx: CheckContext): Fix | undefined {
  const { stage, image, project } = subject;
  if (image.kind !== 'runtime' || stage.missingArgs.length !== 1) return undefined;
  const name = stage.missingArgs[0];
  const tagWritten = /:(\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)$/.exec(stage.written);
  const arg = stage.argsUsed.find((a) => a.name === name);
  if (!tagWritten || tagWritten[2] !== name || !arg?.nameEnd) return undefined;
  const target = upgradeTargets({ ...subject, tag: { kind: 'latest' } }, ctx).preferred;
  if (!target) return undefined;
  const at = arg.nameEnd;
  return {
    title: `Default ${name} to ${target.version}${describe(target)}`,
    isPreferred: true,
    edits: [{ file: project.dockerfilePath, range: { start: at, end: at }, newText: `=${target.version}` }],
  };
}

/** For a version of the other Runtime family: the image name that publishes it. */
export function familyImageFix(subject: ImageSubject, family: RuntimeFamily): Fix | undefined {
  const { stage, project } = subject;
  if (!stage.spans.tag) return undefined;
  const span = stage.locate(0, stage.spans.tag[0] - 1);
  if (!span) return undefined;
  const image = family === 'v3' ? `${CURRENT_V3_REGISTRY}/runtime` : 'quay.io/astronomer/astro-runtime';
  return { title: `Use ${image}`, isPreferred: true, edits: [{ file: project.dockerfilePath, range: span.range, newText: image }] };
}
