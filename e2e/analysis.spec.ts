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
