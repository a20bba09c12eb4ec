import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { RunReport } from '@circuit-studio/model';
import { describe, expect, it } from 'vitest';

import { CLI_BIN, makeTempDir, useCliProcesses } from './test-support.js';

function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command line in a child process and collects its output, killing it after `timeoutMs`. */
function runCircuitStudio(args: string[], timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`circuit-studio ${args.join(' ')} still running after ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const cleanups = useCliProcesses();

describe('circuit-studio lint', () => {
  it('exits 0 for a circuit without errors', async () => {
    const result = await runCircuitStudio(['lint', fixture('synthetic-capacity.json')]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('capacity');
  });

  it('prints the lint JSON', async () => {
    const result = await runCircuitStudio(['lint', fixture('synthetic-capacity.json'), '--format', 'json']);
    const lint = JSON.parse(result.stdout);

    expect(result.code).toBe(0);
    expect(lint.circuitClass).toBe('capacity');
    expect(lint.classes.nodes).toEqual({ source: 'capacity', detector: 'capacity', sink: 'capacity' });
    expect(lint.classes.edges).toEqual({ e1: 'capacity', e2: 'capacity' });
    expect(lint.findings.filter((finding: { severity: string }) => finding.severity === 'error')).toEqual([]);
  });

  it('exits 1 when a finding is an error', async () => {
    const result = await runCircuitStudio(['lint', fixture('live-blocking.json'), '--format', 'json']);
    const lint = JSON.parse(result.stdout);

    expect(result.code).toBe(1);
    expect(lint.circuitClass).toBe('realtime');
    const blocking = lint.findings.find((finding: { rule: string }) => finding.rule === 'realtime-blocking-socket');
    expect(blocking).toMatchObject({ severity: 'error', edges: ['e1'] });
    expect(Object.keys(blocking).sort()).toEqual(['edges', 'fix', 'message', 'nodes', 'rule', 'severity']);
  });

  it('exits 2 with errors for an edge to a missing node', async () => {
    const result = await runCircuitStudio(['lint', fixture('missing-node.json'), '--format', 'json']);
    const output = JSON.parse(result.stdout);

    expect(result.code).toBe(2);
    expect(output.errors).toHaveLength(1);
    expect(output.errors[0].path).toBe('edges[0].target');
    expect(output.errors[0].message).toContain('"detector"');
  });

  it('exits 2 for a file that is not JSON', async () => {
    const result = await runCircuitStudio(['lint', fixture('not-json.txt'), '--format', 'json']);
    const output = JSON.parse(result.stdout);

    expect(result.code).toBe(2);
    expect(output).toEqual({ errors: [{ path: '', message: expect.stringContaining('is not valid JSON') }] });
  });

  it('exits 2 for a missing file', async () => {
    const result = await runCircuitStudio(['lint', fixture('does-not-exist.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('file not found');
  });

  it('exits 2 for an unknown option', async () => {
    const result = await runCircuitStudio(['lint', fixture('synthetic-capacity.json'), '--colour']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--colour'");
    expect(result.stderr).toContain('circuit-studio lint --help');
  });

  it('prints help', async () => {
    const result = await runCircuitStudio(['lint', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: circuit-studio lint FILE');
  });
});

describe('circuit-studio run', () => {
  it('prints a parseable report', async () => {
    const data = await makeTempDir('cs-cli-data');
    cleanups.push(data.remove);

    const result = await runCircuitStudio([
      'run',
      fixture('synthetic-capacity.json'),
      '--duration',
      '2',
      '--report',
      'json',
      '--data-dir',
      data.dir,
    ]);
    const report = JSON.parse(result.stdout) as RunReport;

    expect(result.code, result.stderr).toBe(0);
    expect(report.accounted).toBe(true);
    expect(report.durationMs).toBeGreaterThan(0);
    expect(Object.keys(report.nodes).sort()).toEqual(['detector', 'sink', 'source']);
    expect(report.nodes.source?.framesOut).toBeGreaterThan(0);
    expect(report.edges.e1?.sent).toBe(report.nodes.source?.framesOut);
    expect(report.edges.e2?.inFlight).toBe(0);
    expect(result.stderr).toContain('stopping (duration reached)');
  });

  it('exits 2 for an invalid circuit', async () => {
    const result = await runCircuitStudio(['run', fixture('missing-node.json'), '--duration', '1']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('edges[0].target');
  });

  it('rejects error findings without --force', async () => {
    const result = await runCircuitStudio(['run', fixture('live-blocking.json'), '--duration', '1']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('realtime-blocking-socket');
    expect(result.stderr).toContain('--force');
  });

  it('rejects a duration that is not a number', async () => {
    const result = await runCircuitStudio(['run', fixture('synthetic-capacity.json'), '--duration', 'soon']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--duration must be a number of seconds');
  });
});

describe('circuit-studio', () => {
  it('exits 2 for an unknown command', async () => {
    const result = await runCircuitStudio(['deploy']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "deploy"');
  });
});
