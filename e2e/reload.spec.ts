import { expect, type Locator, type Page, test } from '@playwright/test';

// Each test deploys the example circuit that a fresh page starts with:
// synthetic-source-1 -> e1 -> module-1 -> e2 -> null-sink-1, all dealer-router, endless at 30 fps.

async function count(locator: Locator): Promise<number> {
  return Number(await locator.textContent());
}

async function openStudio(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
}

/** Waits until the sink's frame counter on the page rises past what it showed when called. */
async function expectFramesRising(page: Page): Promise<void> {
  const sinkIn = page.getByTestId('node-null-sink-1-in');
  const before = await count(sinkIn);
  await expect.poll(() => count(sinkIn)).toBeGreaterThan(before);
}

async function deployAndWaitForFrames(page: Page): Promise<void> {
  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect.poll(() => count(page.getByTestId('node-null-sink-1-in'))).toBeGreaterThan(0);
}

/** Returns the states of the runs the server lists, by run id. */
async function serverRunStates(page: Page): Promise<Record<string, string>> {
  const response = await page.request.get('/api/runs');
  expect(response.ok()).toBe(true);
  const runs = (await response.json()) as { runId: string; state: string }[];
  return Object.fromEntries(runs.map((run) => [run.runId, run.state]));
}

async function activeRunCount(page: Page): Promise<number> {
  return Object.values(await serverRunStates(page)).filter((state) => state === 'starting' || state === 'running')
    .length;
}

test.beforeEach(async ({ page }) => {
  await openStudio(page);
});

// The example circuit runs until stopped, and the server takes a limited number of active runs. A
// test that failed half-way may leave one running that no page shows, so the server is asked too.
test.afterEach(async ({ page }) => {
  const states = await serverRunStates(page);
  for (const [runId, state] of Object.entries(states)) {
    if (state === 'starting' || state === 'running') await page.request.delete(`/api/runs/${runId}`);
  }
});

test('reload shows the running run and stops it', async ({ page }) => {
  await deployAndWaitForFrames(page);

  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');

  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expectFramesRising(page);
  await expect(page.getByTestId('edge-e2-fps')).toBeVisible();
  await expect(page.getByTestId('stop')).toBeEnabled();

  await page.getByTestId('stop').click();

  await expect(page.getByTestId('run-state')).toHaveText('stopped', { timeout: 20_000 });
  await expect(page.getByTestId('edge-e2-fps')).toHaveCount(0);
  await expect(page.getByTestId('edge-e2-received')).toBeVisible();
  expect(await activeRunCount(page)).toBe(0);
});

test('second tab shows the run and stops it', async ({ page, context }) => {
  await deployAndWaitForFrames(page);

  const second = await context.newPage();
  await openStudio(second);

  await expect(second.getByTestId('run-state')).toHaveText('running');
  await expectFramesRising(second);
  await second.getByTestId('stop').click();

  await expect(second.getByTestId('run-state')).toHaveText('stopped', { timeout: 20_000 });
  await expect(page.getByTestId('run-state')).toHaveText('stopped');
});

test('idle tab follows a deploy in another tab', async ({ page, context }) => {
  const second = await context.newPage();
  await openStudio(second);
  await expect(second.getByTestId('run-state')).toHaveText('idle');

  await deployAndWaitForFrames(page);

  await expect(second.getByTestId('run-state')).toHaveText('running');
  await expectFramesRising(second);
});

test('run of another circuit gets a notice with Stop', async ({ page }) => {
  await deployAndWaitForFrames(page);
  // Renaming a node makes the canvas another circuit than the one running.
  await page.locator('.react-flow__node[data-id="module-1"]').click();
  await page.getByTestId('field-id').fill('detector');
  await page.getByTestId('field-id').press('Enter');
  await expect(page.locator('.react-flow__node[data-id="detector"]')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => window.localStorage.getItem('circuit-studio:circuit')?.includes('"detector"')))
    .toBe(true);

  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');

  const notice = page.getByTestId('other-run-notice');
  await expect(notice).toContainText('A run of another circuit is active');
  await expect(page.getByTestId('run-state')).toHaveText('idle');
  await expect(page.getByTestId('stop')).toBeDisabled();

  await page.getByTestId('other-run-stop').click();

  await expect(notice).toHaveCount(0, { timeout: 20_000 });
  expect(await activeRunCount(page)).toBe(0);
});
