import { strict as assert } from 'node:assert';
import { finalImage, parseDockerfile, type FromImage } from '../../../src/engine/files/dockerfile/parse';
import { range } from '../helpers';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function only(text: string): FromImage {
  const model = parseDockerfile(text);
  assert.deepEqual(model.problems, []);
  assert.equal(model.stages.length, 1);
  return model.stages[0];
}

/** Where the resolved text of a span is written. */
function locateSpan(stage: FromImage, which: 'tag' | 'registry' | 'digest') {
  const span = stage.spans[which];
  assert.ok(span, `no ${which} span`);
  return stage.locate(span[0], span[1]);
}

describe('parseDockerfile', () => {
  describe('image references', () => {
    it('splits registry, path and tag, with exact ranges', () => {
      const s = only('FROM quay.io/astronomer/astro-runtime:12.4.0\n');
      assert.equal(s.written, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.equal(s.resolved, s.written);
      assert.equal(s.registry, 'quay.io');
      assert.equal(s.path, 'astronomer/astro-runtime');
      assert.equal(s.tag, '12.4.0');
      assert.equal(s.digest, undefined);
      assert.deepEqual(s.range, range(0, 5, 0, 44));
      assert.deepEqual(locateSpan(s, 'tag'), { range: range(0, 38, 0, 44), text: '12.4.0' });
      assert.deepEqual(locateSpan(s, 'registry'), { range: range(0, 5, 0, 12), text: 'quay.io' });
      assert.equal(s.stageIndex, 0);
      assert.equal(s.stageName, undefined);
      assert.equal(s.fromStage, undefined);
      assert.deepEqual(s.missingArgs, []);
    });

    it('reads a registry with a port, not as a tag', () => {
      const s = only('FROM myreg:5000/astronomer/astro-runtime:12.4.0\n');
      assert.equal(s.registry, 'myreg:5000');
      assert.equal(s.path, 'astronomer/astro-runtime');
      assert.equal(s.tag, '12.4.0');
      assert.deepEqual(locateSpan(s, 'registry')?.range, range(0, 5, 0, 15));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(0, 41, 0, 47));

      const untagged = only('FROM myreg:5000/astronomer/astro-runtime\n');
      assert.equal(untagged.registry, 'myreg:5000');
      assert.equal(untagged.path, 'astronomer/astro-runtime');
      assert.equal(untagged.tag, undefined);
    });

    it('reads a digest after the tag, and a digest without a tag', () => {
      const s = only(`FROM quay.io/astronomer/astro-runtime:12.4.0@${DIGEST}\n`);
      assert.equal(s.tag, '12.4.0');
      assert.equal(s.digest, DIGEST);
      assert.deepEqual(s.range, range(0, 5, 0, 116));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(0, 38, 0, 44));
      assert.deepEqual(locateSpan(s, 'digest'), { range: range(0, 45, 0, 116), text: DIGEST });
      // tag and digest together, as a fix replaces them
      assert.deepEqual(s.locate(s.spans.tag![0], s.spans.digest![1])?.range, range(0, 38, 0, 116));

      const bare = only(`FROM quay.io/astronomer/astro-runtime@${DIGEST}\n`);
      assert.equal(bare.tag, undefined);
      assert.equal(bare.digest, DIGEST);
      assert.equal(bare.path, 'astronomer/astro-runtime');
    });

    it('reads Docker Hub images without a registry', () => {
      const s = only('FROM astronomerinc/ap-airflow:1.10.15\n');
      assert.equal(s.registry, undefined);
      assert.equal(s.path, 'astronomerinc/ap-airflow');
      assert.equal(s.tag, '1.10.15');
      assert.equal(s.spans.registry, undefined);
    });
  });

  describe('instructions and flags', () => {
    it('reads lowercase instructions, indentation, --platform and AS (stage names lower-cased)', () => {
      const s = only('  from --platform=linux/amd64 Quay.io/Astronomer/Astro-Runtime:12.4.0 as Runtime\n');
      assert.equal(s.platform, 'linux/amd64');
      assert.equal(s.stageName, 'runtime');
      assert.equal(s.written, 'Quay.io/Astronomer/Astro-Runtime:12.4.0');
      assert.deepEqual(s.range, range(0, 30, 0, 69));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(0, 63, 0, 69));
    });

    it('keeps --platform with a build argument as written', () => {
      const s = only(`FROM --platform=$BUILDPLATFORM myreg:5000/astronomer/astro-runtime:12.4.0@sha256:abc AS b\n`);
      assert.equal(s.platform, '$BUILDPLATFORM');
      assert.equal(s.stageName, 'b');
      assert.deepEqual(s.range, range(0, 31, 0, 84));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(0, 67, 0, 73));
    });

    it('skips comments and parser directives', () => {
      const text = '# syntax=docker/dockerfile:1\n# a comment\n\n# FROM quay.io/astronomer/astro-runtime:1.0.0\nFROM quay.io/astronomer/astro-runtime:12.4.0\n';
      const s = only(text);
      assert.equal(s.tag, '12.4.0');
      assert.deepEqual(s.range, range(4, 5, 4, 44));
    });

    it('follows a line continuation between FROM and the image, and before AS', () => {
      const s = only('FROM --platform=linux/amd64 \\\n    quay.io/astronomer/astro-runtime:12.4.0 \\\n    AS runtime\n');
      assert.equal(s.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.equal(s.platform, 'linux/amd64');
      assert.equal(s.stageName, 'runtime');
      assert.deepEqual(s.range, range(1, 4, 1, 43));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(1, 37, 1, 43));
    });

    it('joins a line continuation inside the image reference, as Docker does', () => {
      const s = only('FROM quay.io/astronomer/\\\nastro-runtime:12.4.0\n');
      assert.equal(s.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.equal(s.path, 'astronomer/astro-runtime');
      assert.deepEqual(s.range, range(0, 5, 1, 20));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(1, 14, 1, 20));
      // a tag split over two lines is not written in one place
      const split = only('FROM quay.io/astronomer/astro-runtime:12.\\\n4.0\n');
      assert.equal(split.tag, '12.4.0');
      assert.equal(locateSpan(split, 'tag'), undefined);
    });

    it('honours the escape directive (backtick continuation and escaped $)', () => {
      const s = only('# escape=`\nFROM `\n    quay.io/astronomer/astro-runtime:12.4.0 AS base\n');
      assert.equal(s.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.deepEqual(s.range, range(2, 4, 2, 43));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(2, 37, 2, 43));
      const joined = only('# escape=`\nFROM quay.io/astronomer/`\nastro-runtime:12.4.0\n');
      assert.equal(joined.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');

      const literal = parseDockerfile('# escape=`\nARG V=1\nFROM img:`$V\n').stages[0];
      assert.equal(literal.resolved, 'img:$V');
      assert.deepEqual(literal.missingArgs, []);
      assert.equal(parseDockerfile('FROM img:\\$V\n').stages[0].resolved, 'img:$V');
    });

    it('handles CRLF line endings without counting \\r into ranges', () => {
      const model = parseDockerfile('ARG V=12.4.0\r\nFROM quay.io/astronomer/astro-runtime:${V}\r\nRUN echo\r\n');
      const s = model.stages[0];
      assert.equal(s.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.deepEqual(s.range, range(1, 5, 1, 42));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(0, 6, 0, 12));
    });
  });

  describe('multi-stage builds', () => {
    it('names stages and follows FROM <stage> to the final image', () => {
      const text = [
        'FROM python:3.12-slim AS build',
        'RUN pip wheel .',
        'FROM quay.io/astronomer/astro-runtime:12.4.0 AS Base',
        'COPY --from=build /wheels /wheels',
        'FROM base AS final',
        'FROM final',
        '',
      ].join('\n');
      const model = parseDockerfile(text);
      assert.deepEqual(model.problems, []);
      assert.deepEqual(
        model.stages.map((s) => [s.stageIndex, s.stageName, s.resolved, s.fromStage]),
        [
          [0, 'build', 'python:3.12-slim', undefined],
          [1, 'base', 'quay.io/astronomer/astro-runtime:12.4.0', undefined],
          [2, 'final', 'base', 1],
          [3, undefined, 'final', 2],
        ],
      );
      assert.equal(finalImage(model)?.stageIndex, 1);
      assert.deepEqual(finalImage(model)?.range, range(2, 5, 2, 44));
    });

    it('takes the last stage when it is an image, and a name with a tag as an image', () => {
      const model = parseDockerfile('FROM quay.io/astronomer/astro-runtime:12.4.0 AS base\nFROM base:1.0\n');
      assert.equal(model.stages[1].fromStage, undefined);
      assert.equal(finalImage(model)?.stageIndex, 1);
    });

    it('does not loop on a stage that names itself', () => {
      const model = parseDockerfile('FROM a AS a\n');
      assert.equal(model.stages[0].fromStage, undefined);
      assert.equal(finalImage(model)?.stageIndex, 0);
    });
  });

  describe('ARG defaults in FROM', () => {
    it('expands ${V} and $V and locates the version in the ARG default', () => {
      const text = 'ARG RUNTIME_VERSION=12.4.0\nARG IMAGE=quay.io/astronomer/astro-runtime\nFROM ${IMAGE}:$RUNTIME_VERSION\n';
      const s = only(text);
      assert.equal(s.written, '${IMAGE}:$RUNTIME_VERSION');
      assert.equal(s.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.deepEqual(s.range, range(2, 5, 2, 30));
      assert.deepEqual(locateSpan(s, 'tag'), { range: range(0, 20, 0, 26), text: '12.4.0' });
      assert.deepEqual(locateSpan(s, 'registry')?.range, range(1, 10, 1, 17));
      assert.deepEqual(
        s.argsUsed.map((a) => [a.name, a.declaredAt, a.nameEnd]),
        [
          ['IMAGE', range(1, 0, 1, 42), { line: 1, character: 9 }],
          ['RUNTIME_VERSION', range(0, 0, 0, 26), { line: 0, character: 19 }],
        ],
      );
    });

    it('expands a whole image from an ARG (${IMAGE})', () => {
      const s = only('ARG IMAGE=quay.io/astronomer/astro-runtime:12.4.0\nFROM ${IMAGE}\n');
      assert.equal(s.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.deepEqual(s.range, range(1, 5, 1, 13));
      assert.deepEqual(locateSpan(s, 'tag')?.range, range(0, 43, 0, 49));
    });

    it('uses ${V:-default} when V has no value, and V when it has one', () => {
      const unset = only('FROM quay.io/astronomer/astro-runtime:${V:-12.4.0}\n');
      assert.equal(unset.resolved, 'quay.io/astronomer/astro-runtime:12.4.0');
      assert.deepEqual(unset.missingArgs, []);
      assert.deepEqual(locateSpan(unset, 'tag')?.range, range(0, 43, 0, 49));

      const set = parseDockerfile('ARG V=13.0.0\nFROM quay.io/astronomer/astro-runtime:${V:-12.4.0}\n').stages[0];
      assert.equal(set.tag, '13.0.0');
      assert.deepEqual(locateSpan(set, 'tag')?.range, range(0, 6, 0, 12));

      const plus = parseDockerfile('ARG V=1\nFROM img:${V:+set}\n').stages[0];
      assert.equal(plus.tag, 'set');
    });

    it('strips quotes from ARG defaults and locates inside them', () => {
      const dq = parseDockerfile('ARG V="12.4.0"\nFROM quay.io/astronomer/astro-runtime:${V}\n').stages[0];
      assert.equal(dq.tag, '12.4.0');
      assert.deepEqual(locateSpan(dq, 'tag')?.range, range(0, 7, 0, 13));
      const sq = parseDockerfile("ARG V='12.4.0-base'\nFROM quay.io/astronomer/astro-runtime:$V\n").stages[0];
      assert.equal(sq.tag, '12.4.0-base');
      assert.deepEqual(locateSpan(sq, 'tag')?.range, range(0, 7, 0, 18));
    });

    it('reports an ARG with no default, or never declared, as missing', () => {
      const model = parseDockerfile('ARG RUNTIME_VERSION\nFROM quay.io/astronomer/astro-runtime:${RUNTIME_VERSION}\nFROM img:$NEVER\n');
      assert.deepEqual(model.problems, []);
      const [a, b] = model.stages;
      assert.deepEqual(a.missingArgs, ['RUNTIME_VERSION']);
      assert.equal(a.resolved, 'quay.io/astronomer/astro-runtime:');
      assert.equal(a.tag, '');
      assert.equal(locateSpan(a, 'tag'), undefined);
      assert.deepEqual(a.argsUsed, [{ name: 'RUNTIME_VERSION', declaredAt: range(0, 0, 0, 19), nameEnd: { line: 0, character: 19 } }]);
      assert.deepEqual(b.missingArgs, ['NEVER']);
      assert.deepEqual(b.argsUsed, [{ name: 'NEVER', declaredAt: undefined, nameEnd: undefined }]);
    });

    it('treats ARG V= as an empty value, not a missing one', () => {
      const s = parseDockerfile('ARG V=\nFROM img:${V:-1.0}\n').stages[0];
      assert.equal(s.tag, '1.0');
      assert.deepEqual(s.missingArgs, []);
    });

    it('uses only ARGs declared before the first FROM', () => {
      const model = parseDockerfile('ARG V=12.4.0\nFROM img:${V} AS a\nARG V=1.0.0\nFROM img:${V}\n');
      assert.deepEqual(
        model.stages.map((s) => s.tag),
        ['12.4.0', '12.4.0'],
      );
    });
  });

  describe('malformed Dockerfiles never throw', () => {
    const cases: [string, string, string[]][] = [
      ['empty', '', []],
      ['whitespace', '  \n\n\t\n', []],
      ['only comments', '# just a comment\n# another\n', ['no FROM instruction']],
      ['no FROM', 'RUN echo hi\n', ['no FROM instruction']],
      ['FROM without image', 'FROM\n', ['line 1: FROM without an image']],
      ['FROM with blanks only', 'FROM   \r\n', ['line 1: FROM without an image']],
      ['binary junk', '\u0000\u0001\u0002FROM\u0000\u00ff\ufffd\n\u0007', ['no FROM instruction']],
    ];
    for (const [name, text, problems] of cases) {
      it(name, () => {
        const model = parseDockerfile(text);
        assert.deepEqual(model.stages, []);
        assert.deepEqual(model.problems, problems);
        assert.equal(finalImage(model), undefined);
      });
    }

    it('an unterminated ${ is kept as written', () => {
      for (const [text, written] of [
        ['FROM img:${V\n', 'img:${V'],
        ['FROM img:${V:-\n', 'img:${V:-'],
        ['FROM img:${\n', 'img:${'],
      ]) {
        const model = parseDockerfile(text);
        assert.equal(model.stages.length, 1, text);
        assert.equal(model.stages[0].written, written, text);
        assert.equal(model.stages[0].resolved, written, text);
      }
      assert.equal(parseDockerfile('FROM img:${V\n').stages[0].tag, '${V');
    });

    it('random bytes', () => {
      let seed = 42;
      const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      for (let n = 0; n < 50; n++) {
        const chars = Array.from({ length: 400 }, () => String.fromCharCode(Math.floor(rand() * 256)));
        const text = ['FROM ', '${', '\\\n', '# escape=`\n', 'ARG ', '@', ':'].join('') + chars.join('');
        assert.doesNotThrow(() => parseDockerfile(text));
      }
    });
  });
});
