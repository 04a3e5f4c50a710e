/** The images a project builds on, each with what its tag says and what the Runtime catalog knows of it. */
import { finalImage, type FromImage } from '../../files/dockerfile/parse';
import type { RuntimeCatalog, RuntimeRelease } from '../../knowledge/runtime/catalog';
import { readTag, type ImageKind, type TagReading } from '../../knowledge/runtime/image';
import { imageKindOf, type AstroProject } from '../../project/model';

/** One `FROM` image of a project, with what is known about it. */
export interface ImageSubject {
  project: AstroProject;
  stage: FromImage;
  /** True for the image the project's build produces. */
  isFinal: boolean;
  image: ImageKind;
  /** For Runtime images: what the tag says. */
  tag?: TagReading;
  /** For Runtime images with a version the catalog knows. */
  release?: RuntimeRelease;
}

/** The images of a project (stages built on another stage left out), with what the catalog knows of each. */
export function subjectsOf(project: AstroProject, catalog: RuntimeCatalog): ImageSubject[] {
  const final = finalImage(project.dockerfile);
  return project.dockerfile.stages
    .filter((stage) => stage.fromStage === undefined)
    .map((stage) => {
      const image = imageKindOf(stage);
      const subject: ImageSubject = { project, stage, isFinal: stage === final, image };
      if (image.kind === 'runtime') {
        subject.tag = readTag(stage.tag, image.family);
        // A version of the other family (3.0-4 on quay.io/astronomer/astro-runtime) names an image that does not exist.
        if (subject.tag.kind === 'exact' && subject.tag.at.family === image.family) subject.release = catalog.get(subject.tag.at.family, subject.tag.at.version);
      }
      return subject;
    });
}
