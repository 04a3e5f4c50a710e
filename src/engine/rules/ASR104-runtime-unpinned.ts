import { argDefaultFix, upgradeFixes, upgradeTargets } from '../analysis/runtime/upgrade';
import type { ImageRule } from './rule';

/** The Runtime image is not pinned to a full version: `latest`, no tag, a floating tag, or an `ARG` with no default. */
export const runtimeUnpinned: ImageRule = {
  meta: {
    id: 'ASR104',
    name: 'runtime-unpinned',
    responsibility: 'runtime',
    defaultSeverity: 'warning',
    summary: 'The Astro Runtime image is not pinned to a full version.',
  },
  checkImage(subject, ctx) {
    const { stage, tag, image, isFinal } = subject;
    if (stage.missingArgs.length > 0 && (image.kind === 'runtime' || isFinal)) {
      const names = stage.missingArgs.join(', ');
      const what = image.kind === 'runtime' ? 'The Runtime version' : "This Astro project's image";
      const fix = argDefaultFix(subject, ctx);
      return {
        message: `${what} comes from the build argument ${names}, which has no default: whoever runs the build decides which Runtime you ship, and \`astro deploy\` does not pass it. Give the ARG a default pinned to a full version.`,
        brief: `image from ARG ${names} with no default`,
        fixes: fix ? [fix] : [],
      };
    }
    if (image.kind !== 'runtime' || !tag) return undefined;
    if (tag.kind !== 'latest' && tag.kind !== 'floating') return undefined;
    // A digest pins the image whatever the tag says.
    if (stage.digest) return undefined;
    const target = upgradeTargets(subject, ctx).preferred;
    const pin = target ? ` Pin a full version such as ${target.version}.` : ' Pin a full version.';
    const what = tag.kind === 'latest' ? (stage.tag ? "The tag 'latest'" : 'An image with no tag') : `The tag '${stage.tag}'`;
    const moves =
      tag.kind === 'latest'
        ? 'pulls whatever Astronomer released last, so the image changes without a commit and can jump to a new Runtime major'
        : 'floats: it moves with every new release of the line, so the image changes without a commit and builds cannot be reproduced';
    return {
      message: `${what} ${moves}.${pin}`,
      brief: tag.kind === 'latest' ? 'not pinned' : `floating tag '${stage.tag}'`,
      fixes: upgradeFixes(subject, ctx),
    };
  },
};
