import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveInputPath, resolveOutputPath } from './data-paths.js';

let dataRoot: string;

beforeEach(async () => {
  dataRoot = await realpath(await mkdtemp(join(tmpdir(), 'cs-data-paths-')));
  await mkdir(join(dataRoot, 'samples'));
  await writeFile(join(dataRoot, 'samples', 'clip.avi'), 'not a video');
});

afterEach(async () => {
  await rm(dataRoot, { recursive: true, force: true });
});

describe('resolveOutputPath', () => {
  it('accepts a path under out/ and creates out/', async () => {
    const path = await resolveOutputPath(dataRoot, 'out/run/frames.jsonl', 'sink');

    expect(path).toBe(join(dataRoot, 'out', 'run', 'frames.jsonl'));
  });

  it.each(['samples/clip.avi', 'circuits/saved.json', 'frames.jsonl', 'out', '../escape.jsonl', '/tmp/x.jsonl'])(
    'rejects %s',
    async (configPath) => {
      await expect(resolveOutputPath(dataRoot, configPath, 'sink')).rejects.toMatchObject({
        code: 'RUNTIME_PATH_ESCAPE',
      });
    },
  );

  it('rejects a link out of out/', async () => {
    await mkdir(join(dataRoot, 'out'));
    await symlink(join(dataRoot, 'samples'), join(dataRoot, 'out', 'samples'));

    await expect(resolveOutputPath(dataRoot, 'out/samples/clip.avi', 'sink')).rejects.toMatchObject({
      code: 'RUNTIME_PATH_ESCAPE',
    });
  });
});

describe('resolveInputPath', () => {
  it('accepts a file in the data folder', async () => {
    const path = await resolveInputPath(dataRoot, 'samples/clip.avi', 'file');

    expect(path).toBe(join(dataRoot, 'samples', 'clip.avi'));
  });

  it('rejects a path outside the data folder', async () => {
    await expect(resolveInputPath(dataRoot, '/etc/passwd', 'file')).rejects.toMatchObject({
      code: 'RUNTIME_PATH_ESCAPE',
    });
  });
});
