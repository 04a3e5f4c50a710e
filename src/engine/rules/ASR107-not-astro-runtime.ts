import type { ImageRule } from './rule';

/** The final stage of an Astro project builds from an image that is not Astro Runtime. */
export const notAstroRuntime: ImageRule = {
  meta: {
    id: 'ASR107',
    name: 'not-astro-runtime',
    responsibility: 'runtime',
    defaultSeverity: 'info',
    summary: "The project's image is not built on Astro Runtime.",
  },
  checkImage(subject) {
    const { stage, isFinal, image } = subject;
    if (!isFinal || image.kind !== 'other' || stage.missingArgs.length > 0) return undefined;
    return {
      message: `This Astro project's image builds from ${stage.resolved}, not from Astro Runtime. Astro Deployments run Astro Runtime images; on any other base image, keeping Airflow and the operating system patched is entirely yours.`,
      brief: 'not an Astro Runtime image',
    };
  },
};
