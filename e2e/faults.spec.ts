import { expect, type Locator, type Page, test } from '@playwright/test';

// Each test deploys the example circuit that a fresh page starts with:
// synthetic-source-1 -> e1 -> module-1 -> e2 -> null-sink-1, all dealer-router, endless at 30 fps.

function flowNode(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

async function count(locator: Locator): Promise<number> {
  return Number(await locator.textContent());
}

async function edgeFps(page: Page, edgeId: string): Promise<number> {
  return Number.parseFloat((await page.getByTestId(`edge-${edgeId}-fps`).textContent()) ?? '');
}

/** Deploys the circuit on the canvas and waits until frames reach the sink. */
async function deployAndWaitForFrames(page: Page): Promise<void> {
  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect.poll(() => count(page.getByTestId('node-null-sink-1-in'))).toBeGreaterThan(10);
}

/**
 * Records every text the state badge of a node shows from now on. A state such as `restarting` can
 * last a quarter of a second, shorter than the gap between two polls of an assertion.
 */
async function recordNodeStates(page: Page, nodeId: string): Promise<() => Promise<string[]>> {
  await page.evaluate((id) => {
    const seen: string[] = [];
    const badge = () => document.querySelector(`[data-testid="node-${id}-state"]`)?.textContent ?? '';
    new MutationObserver(() => {
      const text = badge();
      if (seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    (window as unknown as { nodeStates: string[] }).nodeStates = seen;
  }, nodeId);
  return () => page.evaluate(() => [...(window as unknown as { nodeStates: string[] }).nodeStates]);
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
});

// The example circuit runs until stopped, and the server takes a limited number of active runs.
test.afterEach(async ({ page }) => {
  const stop = page.getByTestId('stop');
  if (!(await stop.isEnabled())) return;
  await stop.click();
  await expect(page.getByTestId('run-state')).toHaveText(/stopped|completed|failed/, { timeout: 20_000 });
});

test('kill restarts the node and accounts every frame', async ({ page }) => {
  await deployAndWaitForFrames(page);
  await flowNode(page, 'module-1').click();
  await page.getByTestId('fault-kind').selectOption('kill');
  await expect(page.getByTestId('fault-duration')).toHaveCount(0);
  const nodeStates = await recordNodeStates(page, 'module-1');

  await page.getByTestId('fault-apply').click();

  await expect.poll(nodeStates).toContain('restarting');
  await expect(page.getByTestId('node-module-1-state')).toHaveText('running');
  await expect.poll(() => count(page.getByTestId('node-module-1-restarts'))).toBeGreaterThanOrEqual(1);
  expect((await nodeStates()).indexOf('restarting')).toBeLessThan((await nodeStates()).lastIndexOf('running'));
  const afterRestart = await count(page.getByTestId('node-null-sink-1-in'));
  await expect.poll(() => count(page.getByTestId('node-null-sink-1-in'))).toBeGreaterThan(afterRestart);
  await page.getByTestId('tab-events').click();
  await expect(page.getByTestId('event-log')).toContainText('fault sent to module-1: kill the process');

  await page.getByTestId('stop').click();

  await expect(page.getByTestId('run-state')).toHaveText('stopped', { timeout: 20_000 });
  await expect(page.getByTestId('event-log')).toContainText('run report: every frame accounted for');
  const moduleOut = await count(page.getByTestId('node-module-1-out'));
  expect(moduleOut).toBeGreaterThan(10);
  await expect(page.getByTestId('node-null-sink-1-in')).toHaveText(String(moduleOut));
});

test('cut link marker lasts its duration', async ({ page }) => {
  await deployAndWaitForFrames(page);
  await page.getByTestId('edge-e2-label').click();
  await expect(page.getByTestId('fault-kind')).toHaveValue('cut');

  await page.getByTestId('fault-duration').fill('2');
  await page.getByTestId('fault-apply').click();

  await expect(page.getByTestId('edge-e2-fault')).toContainText(/^cut \d s$/);
  await expect(page.getByTestId('fault-active')).toContainText('cut');
  await expect(page.getByTestId('edge-e2-fault')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId('fault-active')).toContainText('No faults in force');
  const afterCut = await count(page.getByTestId('node-null-sink-1-in'));
  await expect.poll(() => count(page.getByTestId('node-null-sink-1-in'))).toBeGreaterThan(afterCut);
});

test('stall stops the frames until cleared', async ({ page }) => {
  await flowNode(page, 'module-1').click();
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  await expect(page.getByTestId('faults')).toHaveCount(0);
  await deployAndWaitForFrames(page);

  await page.getByTestId('fault-kind').selectOption('stall');
  await page.getByTestId('fault-apply').click();

  await expect(page.getByTestId('node-module-1-fault')).toHaveText('stall');
  await expect(page.getByTestId('fault-active')).toContainText('stall');
  await expect(page.getByTestId('edge-e2-fps')).toHaveText('0.0 fps');
  const stalledAt = await count(page.getByTestId('node-null-sink-1-in'));

  await page.getByTestId('fault-clear').click();

  await expect(page.getByTestId('node-module-1-fault')).toHaveCount(0);
  await expect.poll(() => edgeFps(page, 'e2')).toBeGreaterThan(0);
  await expect.poll(() => count(page.getByTestId('node-null-sink-1-in'))).toBeGreaterThan(stalledAt);
});

test('form shows invalid values and server errors', async ({ page }) => {
  await deployAndWaitForFrames(page);
  await flowNode(page, 'module-1').click();

  await page.getByTestId('fault-kind').selectOption('fail');
  await page.getByTestId('fault-value').fill('1.5');
  await expect(page.getByTestId('field-fault-value-error')).toHaveText('expected a fraction from 0 to 1, found 1.5');
  await page.getByTestId('fault-apply').click();
  await expect(page.getByTestId('node-module-1-fault')).toHaveCount(0);

  await page.getByTestId('fault-kind').selectOption('latency');
  await page.getByTestId('fault-apply').click();
  await expect(page.getByTestId('field-fault-value-error')).toHaveText('added latency is required');

  // A node added after the deploy is not part of the run, so the server rejects faults on it.
  await page.getByTestId('palette-module').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 420, y: 400 } });
  await expect(flowNode(page, 'module-2')).toBeVisible();
  await flowNode(page, 'module-2').click();
  await page.getByTestId('fault-kind').selectOption('stall');
  await page.getByTestId('fault-apply').click();

  await expect(page.getByTestId('fault-error')).toContainText('module-2');
  await expect(page.getByTestId('fault-active')).toContainText('No faults in force');
  await expect(page.getByTestId('node-module-2-fault')).toHaveCount(0);
  await page.getByTestId('tab-events').click();
  await expect(page.getByTestId('event-log')).toContainText('server error: inject failed');
});
