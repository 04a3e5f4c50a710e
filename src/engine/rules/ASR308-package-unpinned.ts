import type { FileVerdict, ProjectRule } from './rule';

/** An apt package in packages.txt without `=version`. Off by default: pinned Debian versions leave the mirrors. */
export const packageUnpinned: ProjectRule = {
  meta: {
    id: 'ASR308',
    name: 'package-unpinned',
    responsibility: 'code',
    defaultSeverity: 'info',
    summary: 'An apt package in packages.txt has no version.',
    enabledByDefault: false,
  },
  checkProject(project) {
    const file = project.packages;
    if (!file) return [];
    return file.packages
      .filter((p) => p.version === undefined || p.version === '')
      .map(
        (p): FileVerdict => ({
          file: file.path,
          range: p.range,
          message: `\`${p.name}\` has no version: apt installs whatever version the Debian mirrors hold when the image is built, so two builds of the same commit can differ. If you need reproducible images, pin it as \`${p.name}=<version>\`, and plan to update the pin: the mirrors drop old versions after security updates.`,
          brief: `${p.name} unpinned`,
        }),
      );
  },
};
