import { entries } from '../analysis/requirements/judge';
import type { Fix, Range } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

const PLAIN_HTTP = /^(?:(?:git|hg|svn|bzr)\+)?http:\/\//i;

/** An index, find-links, include or package URL over plain `http://`, or `--trusted-host`. */
export const requirementInsecureSource: ProjectRule = {
  meta: {
    id: 'ASR304',
    name: 'requirement-insecure-source',
    responsibility: 'code',
    defaultSeverity: 'warning',
    summary: 'Packages or requirement files come over plain HTTP, or pip is told to trust a host without checking it.',
  },
  checkProject(project) {
    const set = project.requirements;
    if (!set) return [];
    const verdicts: FileVerdict[] = [];
    const why = 'anyone on the network path between the build and that server can hand pip altered packages, and what pip installs runs as your code in every DAG and task';
    const https = (file: string, value: string, range: Range): Fix[] => {
      const at = value.toLowerCase().indexOf('http://');
      const start = { line: range.start.line, character: range.start.character + at };
      return [{ title: 'Use https://', isPreferred: true, edits: [{ file, range: { start, end: { line: start.line, character: start.character + 'http://'.length } }, newText: 'https://' }] }];
    };
    for (const file of set.files) {
      for (const o of file.options) {
        if (o.name === '--trusted-host') {
          verdicts.push({
            file: file.path,
            range: o.range,
            message: `\`--trusted-host ${o.value ?? ''}\` lets pip download from that host over plain HTTP or with a certificate it cannot verify, so ${why}. Serve the index over HTTPS with a valid certificate and remove this option.`,
            brief: 'pip trusts a host without TLS checks',
          });
        } else if (['--index-url', '--extra-index-url', '--find-links'].includes(o.name) && o.value && o.valueRange && PLAIN_HTTP.test(o.value)) {
          verdicts.push({
            file: file.path,
            range: o.valueRange,
            message: `\`${o.name}\` uses plain http://, so ${why}. Use https://.`,
            brief: `${o.name} over http`,
            fixes: https(file.path, o.value, o.valueRange),
          });
        }
      }
      for (const inc of file.includes) {
        if (!PLAIN_HTTP.test(inc.target)) continue;
        verdicts.push({
          file: file.path,
          range: inc.targetRange,
          message: `This ${inc.kind === 'requirement' ? 'requirements' : 'constraints'} file is downloaded over plain http://, so anyone on the network path can change what pip installs, and what pip installs runs as your code. Use https://.`,
          brief: `${inc.kind} file over http`,
          fixes: https(file.path, inc.target, inc.targetRange),
        });
      }
    }
    for (const { req } of entries(set)) {
      if (!req.url || !req.urlRange || !PLAIN_HTTP.test(req.url)) continue;
      verdicts.push({
        file: req.file,
        range: req.urlRange,
        message: `${req.name ? `\`${req.name}\`` : 'This package'} is downloaded over plain http://, so ${why}. Use https://.`,
        brief: 'package over http',
        fixes: https(req.file, req.url, req.urlRange),
      });
    }
    return verdicts;
  },
};
