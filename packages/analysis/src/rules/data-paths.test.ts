import { describe, expect, it } from 'vitest';
import { circuit, edge, findingsOf, node } from '../fixtures.js';

function withPaths(sourcePath: string | undefined, sinkPath: string | undefined) {
  return circuit(
    [
      node('file', 'file-source', sourcePath === undefined ? {} : { path: sourcePath }),
      node('det', 'module'),
      node('out', 'file-sink', sinkPath === undefined ? {} : { path: sinkPath }),
    ],
    [edge('e1', 'file', 'det'), edge('e2', 'det', 'out')],
  );
}

const OUTSIDE = 'Paths are relative to the data folder, and the runtime rejects a path that leads outside it.';

describe('structure on file paths', () => {
  it.each([
    ['/tmp/x.jsonl', 'an absolute path', OUTSIDE, 'out/x.jsonl'],
    ['../../x', 'a path with ".."', OUTSIDE, 'out/x'],
    ['out/../../x.jsonl', 'a path with ".."', OUTSIDE, 'out/x.jsonl'],
    ['x.jsonl', 'an output path outside out/', 'no run can overwrite samples', 'out/x.jsonl'],
    ['samples/x.jsonl', 'an output path outside out/', 'File sinks write only under out/', 'out/x.jsonl'],
    ['output/x.jsonl', 'an output path outside out/', 'File sinks write only under out/', 'out/x.jsonl'],
    ['out', 'an output path outside out/', 'File sinks write only under out/', 'out/frames.jsonl'],
    ['', 'an output path outside out/', 'File sinks write only under out/', 'out/frames.jsonl'],
  ])('rejects the sink path %j', (path, kind, reason, replacement) => {
    const findings = findingsOf(withPaths(undefined, path), 'structure');

    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBe('error');
    expect(finding?.nodes).toEqual(['out']);
    expect(finding?.edges).toEqual([]);
    expect(finding?.message).toContain(`File sink "out" has ${kind} in config.path: ${JSON.stringify(path)}.`);
    expect(finding?.message).toContain(reason);
    expect(finding?.fix).toBe(`Set config.path to ${replacement}.`);
    expect(finding?.quickFix).toEqual({ kind: 'set-node-config', node: 'out', changes: { path: replacement } });
  });

  it.each([
    ['/etc/passwd', 'an absolute path'],
    ['samples/../../etc/passwd', 'a path with ".."'],
    ['..', 'a path with ".."'],
  ])('rejects the source path %j', (path, kind) => {
    const findings = findingsOf(withPaths(path, undefined), 'structure');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.nodes).toEqual(['file']);
    expect(findings[0]?.message).toBe(
      `File source "file" has ${kind} in config.path: ${JSON.stringify(path)}. ${OUTSIDE}`,
    );
    expect(findings[0]?.fix).toBe(
      'Set config.path to a path inside the data folder, relative to it, such as samples/vtest.avi.',
    );
    expect(findings[0]?.quickFix).toBeUndefined();
  });

  it.each([
    ['the defaults', undefined, undefined],
    ['nested output', 'samples/clip.mp4', 'out/day-1/detections.jsonl'],
    ['a dot segment', './samples/clip.mp4', './out/x.jsonl'],
    ['a source outside samples', 'clip.mp4', 'out/x.jsonl'],
    ['dots inside a name', 'samples/clip..mp4', 'out/x..jsonl'],
  ])('accepts %s', (_case, sourcePath, sinkPath) => {
    expect(findingsOf(withPaths(sourcePath, sinkPath), 'structure')).toEqual([]);
  });

  it('leaves a path that is not a string to the config check', () => {
    const findings = findingsOf(withPaths(undefined, 42 as unknown as string), 'structure');

    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('has an invalid config.path');
  });
});
