import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, test } from '@playwright/test';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Drops a palette entry onto the canvas at a point given relative to the canvas's top left corner. */
async function dropFromPalette(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

function flowNode(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

/** Drags a wire from the output handle of one node to the input handle of another. */
async function connect(page: Page, sourceId: string, targetId: string): Promise<void> {
  const from = flowNode(page, sourceId).locator('.react-flow__handle.source');
  const to = flowNode(page, targetId).locator('.react-flow__handle.target');
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error(`handles of ${sourceId} or ${targetId} are not on screen`);
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function setNumberField(page: Page, key: string, value: number): Promise<void> {
  const input = page.getByTestId(`field-${key}`);
  await input.fill(String(value));
  await expect(input).toHaveValue(String(value));
}

async function exportCircuit(page: Page): Promise<Record<string, unknown>> {
  const downloadEvent = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const download = await downloadEvent;
  const path = await download.path();
  return JSON.parse(await readFile(path, 'utf8'));
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
});

test('draw, deploy, count frames, stop and export', async ({ page }) => {
  // A clean canvas: new nodes then take the first free ids, synthetic-source-1 and so on.
  for (const id of ['synthetic-source-1', 'module-1', 'null-sink-1']) {
    await flowNode(page, id).click();
    await page.keyboard.press('Delete');
    await expect(flowNode(page, id)).toHaveCount(0);
  }

  await dropFromPalette(page, 'synthetic-source', 120, 380);
  await dropFromPalette(page, 'module', 420, 380);
  await dropFromPalette(page, 'null-sink', 720, 380);
  await expect(flowNode(page, 'synthetic-source-1')).toBeVisible();
  await expect(flowNode(page, 'module-1')).toBeVisible();
  await expect(flowNode(page, 'null-sink-1')).toBeVisible();

  await connect(page, 'synthetic-source-1', 'module-1');
  await connect(page, 'module-1', 'null-sink-1');
  await expect(page.getByTestId('edge-e1-label')).toBeVisible();
  await expect(page.getByTestId('edge-e2-label')).toBeVisible();

  await flowNode(page, 'synthetic-source-1').click();
  await setNumberField(page, 'fps', 200);
  await setNumberField(page, 'frames', 600);
  await setNumberField(page, 'fps', 5000);
  await expect(page.getByTestId('field-fps-error')).toContainText('0 to 1000');
  await setNumberField(page, 'fps', 200);
  await expect(page.getByTestId('field-fps-error')).toHaveCount(0);

  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect
    .poll(async () => Number(await page.getByTestId('node-null-sink-1-in').textContent()), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await expect(page.getByTestId('edge-e2-label')).toContainText(/fps/);

  // 600 frames at 200 fps end by themselves within a few seconds; every one arrives over dealer-router.
  await expect(page.getByTestId('run-state')).toHaveText('completed', { timeout: 20_000 });
  await expect(page.getByTestId('node-null-sink-1-in')).toHaveText('600');
  await expect(page.getByTestId('node-synthetic-source-1-out')).toHaveText('600');

  const exported = await exportCircuit(page);
  expect(exported.version).toBe(1);
  const nodeIds = (exported.nodes as { id: string }[]).map((node) => node.id);
  expect(nodeIds).toEqual(['synthetic-source-1', 'module-1', 'null-sink-1']);
  const edges = exported.edges as { id: string; source: string; target: string; pattern: string }[];
  expect(edges).toContainEqual(
    expect.objectContaining({ id: 'e1', source: 'synthetic-source-1', target: 'module-1', pattern: 'dealer-router' }),
  );
  const source = (exported.nodes as { id: string; config: Record<string, unknown> }[]).find(
    (node) => node.id === 'synthetic-source-1',
  );
  expect(source?.config).toMatchObject({ fps: 200, frames: 600 });
});

/** Returns true when two boxes share any area. */
function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator} is not on screen`);
  return found;
}

test('stop ends an endless run and keeps its totals', async ({ page }, testInfo) => {
  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await expect
    .poll(async () => Number(await page.getByTestId('node-null-sink-1-in').textContent()), { timeout: 15_000 })
    .toBeGreaterThan(10);

  // Edge labels keep to two lines during a run, with the details in their tooltip, and stay off the cards.
  await expect(page.getByTestId('edge-e1-fps')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('example-running.png') });
  for (const edgeId of ['e1', 'e2']) {
    const label = page.getByTestId(`edge-${edgeId}-label`);
    await expect(label).toHaveAttribute('title', /Measured: .* fps · \d+ sent · \d+ received/);
    const lineHeight = await label.evaluate((element) => Number.parseFloat(getComputedStyle(element).lineHeight));
    expect((await box(label)).height).toBeLessThan(3 * lineHeight);
    for (const nodeId of ['synthetic-source-1', 'module-1', 'null-sink-1']) {
      expect(overlaps(await box(label), await box(flowNode(page, nodeId))), `${edgeId} over ${nodeId}`).toBe(false);
    }
  }

  // Edits during the run wait for the next deploy, and the canvas marks what differs from the run.
  await flowNode(page, 'module-1').click();
  await expect(page.getByTestId('deploy-notice')).toContainText('Changes apply at the next Deploy');
  await expect(page.getByTestId('deploy-notice-changed')).toHaveCount(0);
  await setNumberField(page, 'processingMs', 25);
  await expect(page.getByTestId('node-module-1-changed')).toBeVisible();
  await expect(page.getByTestId('deploy-notice-changed')).toHaveText('This node differs from the running one.');
  await expect(page.getByTestId('node-null-sink-1-changed')).toHaveCount(0);
  await page.getByTestId('edge-e2-label').click();
  await expect(page.getByTestId('deploy-notice')).toBeVisible();
  await setNumberField(page, 'hwm', 8);
  await expect(page.getByTestId('edge-e2-changed')).toBeVisible();
  await expect(page.getByTestId('edge-e1-changed')).toHaveCount(0);
  await expect(page.getByTestId('edge-e2-label')).toHaveAttribute('title', /Changed since deploy/);
  for (const nodeId of ['module-1', 'null-sink-1']) {
    const label = await box(page.getByTestId('edge-e2-label'));
    expect(overlaps(label, await box(flowNode(page, nodeId))), `changed e2 over ${nodeId}`).toBe(false);
  }
  await page.screenshot({ path: testInfo.outputPath('example-changed.png') });

  await page.getByTestId('stop').click();

  await expect(page.getByTestId('run-state')).toHaveText('stopped', { timeout: 20_000 });
  const delivered = Number(await page.getByTestId('node-null-sink-1-in').textContent());
  expect(delivered).toBeGreaterThan(10);
  await expect(page.getByTestId('node-module-1-in')).toHaveText(String(delivered));
  await expect(page.getByTestId('deploy-notice')).toHaveCount(0);
  await expect(page.getByTestId('node-module-1-changed')).toHaveCount(0);
  await expect(page.getByTestId('edge-e2-changed')).toHaveCount(0);
});

test('import keeps unknown fields on the way back out', async ({ page }) => {
  const circuit = {
    version: 1,
    name: 'Imported',
    owner: 'vision team',
    nodes: [
      { id: 'cam', type: 'synthetic-source', position: { x: 0, y: 0 }, config: { fps: 25 }, rack: 'a1' },
      { id: 'sink', type: 'null-sink', position: { x: 300, y: 0 }, config: {} },
    ],
    edges: [{ id: 'link', source: 'cam', target: 'sink', pattern: 'pub-sub', hwm: 4, note: 'keep' }],
  };

  await page.getByTestId('import-input').setInputFiles({
    name: 'imported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(circuit)),
  });

  await expect(flowNode(page, 'cam')).toBeVisible();
  expect(await exportCircuit(page)).toEqual(circuit);
});

test('import names the JSON path of a bad field', async ({ page }) => {
  const broken = { version: 1, name: 'Broken', nodes: [], edges: [{ id: 'e1', source: 'a', target: 'b' }] };

  await page.getByTestId('import-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });

  await expect(page.getByTestId('import-error').first()).toContainText('edges[0].source');
  await expect(page.getByTestId('import-error').nth(1)).toContainText('edges[0].target');
  await expect(flowNode(page, 'module-1')).toBeVisible();
});
