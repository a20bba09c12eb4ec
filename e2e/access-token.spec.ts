import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { expect, type Page, test } from '@playwright/test';

// These tests start their own server on loopback with `--token`, which makes it require the token
// just as a server listening beyond loopback does. The example circuit that a fresh page starts with
// is synthetic-source-1 -> module-1 -> null-sink-1, endless at 30 fps.

const PORT = Number(process.env.E2E_TOKEN_PORT ?? 7327);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const CLI = fileURLToPath(new URL('../apps/server/bin/circuit-studio.js', import.meta.url));
const TOKEN = randomBytes(18).toString('base64url');

let server: ChildProcess | undefined;
let serverExited: Promise<void> = Promise.resolve();
let dataDir = '';
/** The address that `serve` printed for the browser. */
let printedAddress = '';

/** Starts `circuit-studio serve` with the token and resolves with the address it prints. */
function startServer(): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.ACCESS_TOKEN;
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--host', '127.0.0.1', '--port', String(PORT), '--token', TOKEN, '--data-dir', dataDir],
    { stdio: ['ignore', 'ignore', 'pipe'], env },
  );
  server = child;
  serverExited = new Promise((resolve) => child.once('exit', () => resolve()));

  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address within 30 s: ${stderr}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /^ {4}(http:\/\/\S+\?token=\S+)$/m.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void serverExited.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited before it listened: ${stderr}`));
    });
  });
}

/** Stops the server this file started, by its pid, and waits for it to exit. */
async function stopServer(): Promise<void> {
  const pid = server?.pid;
  if (pid === undefined || server?.exitCode !== null || server.signalCode !== null) return;
  process.kill(pid, 'SIGTERM');
  const outcome = await Promise.race([serverExited.then(() => 'exited'), delay(20_000).then(() => 'running')]);
  if (outcome === 'running') {
    process.kill(pid, 'SIGKILL');
    await serverExited;
  }
}

/** Returns the runs the server lists, requested with the token. */
async function serverRuns(page: Page): Promise<{ runId: string; state: string }[]> {
  const response = await page.request.get(`${ORIGIN}/api/runs`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status()).toBe(200);
  return (await response.json()) as { runId: string; state: string }[];
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'circuit-studio-e2e-token-'));
  printedAddress = await startServer();
});

test.afterAll(async () => {
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
});

// The example circuit runs until stopped, and the server takes a limited number of active runs.
test.afterEach(async ({ page }) => {
  for (const run of await serverRuns(page)) {
    if (run.state === 'starting' || run.state === 'running') {
      await page.request.delete(`${ORIGIN}/api/runs/${run.runId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    }
  }
});

test('serve prints the address with the token', () => {
  const address = new URL(printedAddress);

  expect(address.origin).toBe(ORIGIN);
  expect(address.pathname).toBe('/');
  expect(address.searchParams.get('token')).toBe(TOKEN);
});

test('missing token prompts and stops retrying', async ({ page }) => {
  const attempts: string[] = [];
  page.on('websocket', (socket) => attempts.push(socket.url()));
  await page.clock.install();

  await page.goto(`${ORIGIN}/`);

  const dialog = page.getByTestId('access-token-dialog');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'unauthorized');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('access-token-reason')).toContainText('requires an access token');
  await expect(dialog).toContainText('/?token=');
  await expect(dialog).toContainText('ACCESS_TOKEN');
  const attemptsBefore = attempts.length;

  // A minute of back-off time passes at once: a page that kept retrying would open new sockets.
  await page.clock.runFor(60_000);

  expect(attemptsBefore).toBeGreaterThanOrEqual(1);
  expect(attempts).toHaveLength(attemptsBefore);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'unauthorized');
});

test('token entered in the dialog connects', async ({ page }) => {
  await page.goto(`${ORIGIN}/`);
  const dialog = page.getByTestId('access-token-dialog');
  await expect(dialog).toBeVisible();

  await page.getByTestId('access-token-input').fill('wrong-token');
  await page.getByTestId('access-token-submit').click();

  await expect(page.getByTestId('access-token-reason')).toContainText('rejected');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'unauthorized');

  await page.getByTestId('access-token-input').fill(` ${TOKEN} `);
  await page.getByTestId('access-token-submit').click();

  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(dialog).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem('circuit-studio:access-token'))).toBe(TOKEN);
});

test('printed address connects and leaves the address bar', async ({ page }) => {
  await page.goto(printedAddress);

  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('access-token-dialog')).toHaveCount(0);
  expect(page.url()).toBe(`${ORIGIN}/`);
  expect(await page.evaluate(() => sessionStorage.getItem('circuit-studio:access-token'))).toBe(TOKEN);

  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect.poll(async () => Number(await page.getByTestId('node-null-sink-1-in').textContent())).toBeGreaterThan(0);

  // After a reload the page finds its run through the REST API, which takes the token from the tab's storage.
  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('run-state')).toHaveText('running');
  expect(page.url()).toBe(`${ORIGIN}/`);

  await page.getByTestId('stop').click();
  await expect(page.getByTestId('run-state')).toHaveText('stopped', { timeout: 20_000 });
  expect((await serverRuns(page)).filter((run) => run.state === 'running')).toEqual([]);
});
