import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { waitFor } from '../test/helpers/wait-for.js';
import {
  launchChromium,
  serviceCreated,
  startUiScenario,
  UI_CLIENT_ID,
  UI_CLIENT_SECRET,
} from '../test/ui/ui-scenario.js';
import { buildUi } from './build-ui.js';

/**
 * `npm run screenshots`: the browser tests' scenario (a real bot, a loopback webhook
 * receiver, Debian's chromium), one PNG per page into docs/ui/ for docs/ui.md.
 */
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'ui');

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  console.log(`docs/ui/${name}.png`);
}

await mkdir(OUT, { recursive: true });
await buildUi();
const browser = await launchChromium();
const open = await startUiScenario();
try {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 } })
  ).newPage();
  page.setDefaultTimeout(15_000);
  const live = await open.postEvent(serviceCreated('svc-checkout', 2, 'evt-checkout-created'));
  await open.postEvent(serviceCreated('svc-payments', 1, 'evt-payments-created'));
  await open.postEvent(serviceCreated('svc-search', 5, 'evt-search-created'));
  const runId = (live.json.runs as string[])[0]!;
  await waitFor(() => open.receiver.requests.length >= 3, 10_000, 'the webhooks');

  await page.goto(`${open.url}/runs`);
  await page.getByRole('link', { name: runId }).waitFor();
  await shoot(page, 'runs');
  await page.goto(`${open.url}/runs/${runId}`);
  await page.getByRole('cell', { name: '200', exact: true }).waitFor();
  await shoot(page, 'run');
  await page.goto(`${open.url}/events`);
  await page.getByRole('link', { name: 'evt-search-created' }).waitFor();
  await shoot(page, 'events');
  await page.goto(`${open.url}/events/evt-search-created`);
  await page.getByRole('table', { name: 'Decisions' }).waitFor();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByText('Dry run done').waitFor();
  await shoot(page, 'event');
  await page.goto(`${open.url}/automations`);
  await page.getByRole('heading', { name: 'Definition sets' }).waitFor();
  await shoot(page, 'automations');
  await page.goto(`${open.url}/actions`);
  await page.getByRole('link', { name: 'Deploy a service' }).waitFor();
  await shoot(page, 'actions');
  await page.goto(`${open.url}/actions/deploy_service`);
  await page.getByLabel(/^Version/).fill('1.2');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.field-error').first().waitFor();
  await shoot(page, 'action');
} finally {
  await open.close();
}
const closed = await startUiScenario({
  SWITCHYARD_CLIENT_ID: UI_CLIENT_ID,
  SWITCHYARD_CLIENT_SECRET: UI_CLIENT_SECRET,
});
try {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 600 } })
  ).newPage();
  await page.goto(`${closed.url}/runs`);
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await shoot(page, 'login');
} finally {
  await closed.close();
  await browser.close();
}
