import { expect, type Page, test } from '@playwright/test';

const cameraToDatabase = {
  version: 1,
  name: 'Camera to database',
  nodes: [
    { id: 'cam', type: 'rtsp-source', position: { x: 0, y: 0 }, config: { timeoutMs: 200 } },
    { id: 'det', type: 'module', position: { x: 260, y: 0 }, config: { processingMs: 20 } },
    { id: 'db', type: 'mongodb-sink', position: { x: 520, y: 0 }, config: { timeoutMs: 200 } },
  ],
  edges: [
    { id: 'e1', source: 'cam', target: 'det', pattern: 'pub-sub' },
    { id: 'e2', source: 'det', target: 'db', pattern: 'pub-sub' },
  ],
};

async function importCircuit(page: Page, circuit: object): Promise<void> {
  await page.getByTestId('import-input').setInputFiles({
    name: 'circuit.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(circuit)),
  });
}

test('a finding selects its subjects and its fix can be undone', async ({ page }) => {
  await page.goto('/');
  await importCircuit(page, cameraToDatabase);

  const slowSink = page.getByTestId('finding-realtime-slow-sink');
  await expect(slowSink).toBeVisible();
  await expect(slowSink).toContainText('MongoDB sink "db"');
  await expect(page.getByTestId('circuit-class')).toContainText(/real-time/i);

  await slowSink.locator('.cs-finding-main').click();
  await expect(page.locator('.react-flow__node[data-id="db"]')).toHaveClass(/selected/);
  await expect(page.locator('.react-flow__node[data-id="det"]')).toHaveClass(/selected/);

  await slowSink.getByRole('button', { name: 'Apply fix' }).click();
  await expect(page.getByTestId('finding-realtime-slow-sink')).toHaveCount(0);
  await expect(page.locator('.react-flow__node[data-id^="redis-list-queue"]')).toHaveCount(1);

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('finding-realtime-slow-sink')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id^="redis-list-queue"]')).toHaveCount(0);
});

test('the server refuses a circuit with errors until forced', async ({ page }) => {
  const blocking = {
    version: 1,
    name: 'Live into a blocking link',
    nodes: [
      { id: 'cam', type: 'synthetic-source', position: { x: 0, y: 0 }, config: { live: true, fps: 25 } },
      { id: 'sink', type: 'null-sink', position: { x: 300, y: 0 }, config: {} },
    ],
    edges: [{ id: 'e1', source: 'cam', target: 'sink', pattern: 'req-rep' }],
  };
  await page.goto('/');
  await importCircuit(page, blocking);
  await expect(page.getByTestId('finding-realtime-blocking-socket')).toBeVisible();

  await page.getByTestId('deploy').click();

  await expect(page.getByTestId('rejection')).toContainText('realtime-blocking-socket');
  await page.getByTestId('deploy-anyway').click();
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('run-state')).toHaveText('stopped', { timeout: 20_000 });
});

test('a plain click replaces the selection of a finding', async ({ page }) => {
  await page.goto('/');
  await importCircuit(page, cameraToDatabase);
  const selectFinding = () =>
    page.getByTestId('problems').getByTestId('finding-realtime-slow-sink').locator('.cs-finding-main').click();
  const flowNode = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
  await selectFinding();
  await expect(page.getByTestId('selection-summary')).toHaveText(
    '2 nodes and 1 link selected. Press Delete to remove them.',
  );

  await flowNode('det').click();

  await expect(page.getByTestId('node-inspector')).toBeVisible();
  await expect(page.getByTestId('field-id')).toHaveValue('det');
  await expect(flowNode('db')).not.toHaveClass(/selected/);
  await expect(flowNode('det')).toHaveClass(/selected/);

  // Dragging one node of a selection still moves the whole selection and keeps it.
  await selectFinding();
  const before = await flowNode('db').boundingBox();
  const grip = await flowNode('det').boundingBox();
  if (!before || !grip) throw new Error('nodes det and db are not on screen');
  await page.mouse.move(grip.x + grip.width / 2, grip.y + 10);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2 + 40, grip.y + 50, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('selection-summary')).toHaveText(/^2 nodes and 1 link selected/);
  await expect.poll(async () => (await flowNode('db').boundingBox())?.y).toBeGreaterThan(before.y + 20);

  await flowNode('db').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('selection-summary')).toHaveText(
    '1 node and 1 link selected. Press Delete to remove them.',
  );
});

test('a long node summary has a tooltip', async ({ page }) => {
  const url = 'rtsp://127.0.0.1:8654/cameras/loading-dock/north-entrance/main-stream';
  const camera = {
    ...cameraToDatabase,
    nodes: cameraToDatabase.nodes.map((node) =>
      node.id === 'cam' ? { ...node, config: { timeoutMs: 200, url } } : node,
    ),
  };
  await page.goto('/');
  await importCircuit(page, camera);

  const summary = page.getByTestId('node-cam-summary');

  await expect(summary).toHaveText(url);
  await expect(summary).toHaveAttribute('title', url);
  const box = await summary.boundingBox();
  const full = await summary.evaluate((element) => element.scrollWidth);
  expect(full).toBeGreaterThan(box?.width ?? 0);
});

test('problems name the link and the field', async ({ page }) => {
  await page.goto('/');
  await importCircuit(page, cameraToDatabase);
  await page.getByTestId('edge-e1-label').click();

  await page.getByTestId('field-endpoint').fill('udp://127.0.0.1:5000');
  await page.getByTestId('tab-problems').click();

  const location = page.getByTestId('problem-location');
  await expect(location).toHaveText('e1 · Endpoint');
  await expect(location).toHaveAttribute('title', 'JSON path: edges[0].endpoint');
  await expect(page.getByTestId('problems')).not.toContainText('edges[0]');
});
