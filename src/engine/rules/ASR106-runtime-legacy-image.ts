import { CURRENT_V3_REGISTRY, LEGACY_V3_REGISTRY } from '../knowledge/runtime/image';
import { registryFix } from '../analysis/runtime/upgrade';
import type { ImageRule } from './rule';

/** Astronomer Certified (`ap-airflow`) images (error) and the old `air.astronomer.io` registry (warning). */
export const runtimeLegacyImage: ImageRule = {
  meta: {
    id: 'ASR106',
    name: 'runtime-legacy-image',
    responsibility: 'runtime',
    defaultSeverity: 'error',
    summary: 'The image is Astronomer Certified, or comes from a registry Astronomer has moved away from.',
  },
  checkImage(subject) {
    const { image } = subject;
    if (image.kind === 'certified') {
      return {
        message: `Astronomer Certified (ap-airflow) images are no longer supported or patched. Move this project to Astro Runtime; the upgrade guide explains how.`,
        brief: 'Astronomer Certified image',
      };
    }
    if (image.kind !== 'runtime' || !image.legacyRegistry) return undefined;
    const fix = registryFix(subject);
    return {
      severity: 'warning',
      message: `${LEGACY_V3_REGISTRY} is Astronomer's old registry for Astro Runtime: images are published at ${CURRENT_V3_REGISTRY}/runtime now. Pull from there so that new releases reach you.`,
      brief: `old registry ${LEGACY_V3_REGISTRY}`,
      fixes: fix ? [{ ...fix, isPreferred: true }] : [],
    };
  },
};
