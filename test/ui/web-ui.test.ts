import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { waitFor } from '../helpers/wait-for.js';
import {
  axeViolations,
  HOOK_SECRET,
  launchChromium,
  serviceCreated,
  startUiScenario,
  UI_CLIENT_ID,
  UI_CLIENT_SECRET,
  watchPage,
  type PageWatch,
  type UiScenario,
} from './ui-scenario.js';

// The web UI as a person uses it: a real bot serving the built UI on loopback, a loopback
// webhook receiver, Debian's chromium through playwright-core.
let browser: Browser;
// Starting chromium took over 10 s twice in a row on this 2-core machine (cause not found);
// past 30 s, playwright's own launch timeout says what went wrong.
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

async function openPage(
  context?: BrowserContext,
): Promise<{ page: Page; watch: PageWatch; context: BrowserContext }> {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }));
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  return { page, watch: watchPage(page), context: ctx };
}

/** axe-core finds no serious or critical violation on the page as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  expect(await axeViolations(page), page.url()).toEqual([]);
}

/** The text of the element that has the keyboard focus. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>(`document.activeElement?.textContent?.trim() ?? ''`);
}

function runRow(page: Page, runId: string) {
  return page.locator(`tr[data-run-id="${runId}"]`);
}

describe('the web UI, open on loopback without credentials', () => {
  let open: UiScenario;
  let page: Page;
  let watch: PageWatch;
  beforeAll(async () => {
    open = await startUiScenario();
    ({ page, watch } = await openPage());
  });
  afterAll(() => open?.close());

  it('shows a new run live on the runs page, without a reload', async () => {
    await page.goto(`${open.url}/`);
    await page.waitForURL(/\/runs$/);
    await page.getByText('Live: new runs and status changes appear').waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    const posted = await open.postEvent(serviceCreated('svc-checkout', 2, 'evt-checkout'));
    expect(posted.status).toBe(202);
    const [runId] = posted.json.runs as string[];
    const row = runRow(page, runId!);
    await row.waitFor();
    expect(navigations).toEqual([]);
    await expect
      .poll(() => row.textContent())
      .toMatch(/In progress.*Notify on service creation.*evt-checkout.*svc-checkout.*WEBHOOK/s);
    await expectAccessible(page);
  });

  it('opens a run: attempts and the request as sent, the secret masked everywhere', async () => {
    const posted = await open.postEvent(serviceCreated('svc-orders', 2, 'evt-orders'));
    const [runId] = posted.json.runs as string[];
    await waitFor(() => open.receiver.requests.some((r) => r.url === '/hook'), 5_000, 'the hook');
    // The receiver did get the real secret: what the UI shows is masked, not absent upstream.
    expect(open.receiver.requests.some((r) => JSON.stringify(r).includes(HOOK_SECRET))).toBe(true);

    await page.goto(`${open.url}/runs`);
    await page.getByRole('link', { name: runId! }).click();
    await page.waitForURL(`**/runs/${runId}`);
    await page.getByRole('heading', { level: 1, name: `Run ${runId}` }).waitFor();
    const attempts = page.locator('section[aria-labelledby="run-attempts"] tbody tr');
    await attempts.first().waitFor();
    await expect.poll(() => attempts.first().textContent()).toMatch(/^1.*200/);
    const request = page.locator('details', { hasText: 'Request' }).first();
    await expect.poll(() => request.textContent()).toContain('"Authorization": "Bearer ***"');
    expect(await request.textContent()).toContain('"token": "***"');
    await page.getByText('Sending POST').waitFor();

    // Open every collapsed block, then look for the secret in the page and in every JSON body.
    const closedBlocks = page.locator('details:not([open]) > summary');
    while ((await closedBlocks.count()) > 0) await closedBlocks.first().click();
    await page.waitForLoadState('networkidle');
    expect(await page.content()).not.toContain(HOOK_SECRET);
    expect(watch.json.length).toBeGreaterThan(3);
    for (const body of watch.json) expect(body.text, body.url).not.toContain(HOOK_SECRET);
    await expectAccessible(page);
    expect(watch.problems).toEqual([]);
  });

  it('re-runs a run: a new run, linked both ways', async () => {
    const posted = await open.postEvent(serviceCreated('svc-billing', 2, 'evt-billing'));
    const [runId] = posted.json.runs as string[];
    await page.goto(`${open.url}/runs/${runId}`);
    const before = open.receiver.requests.length;
    await page.getByRole('button', { name: 'Re-run' }).click();
    const started = page.getByText(/^Re-run started as r_/);
    await started.waitFor();
    const rerunId = /as (r_\w+)/.exec((await started.textContent())!)![1]!;
    expect(rerunId).not.toBe(runId);
    await waitFor(() => open.receiver.requests.length > before, 5_000, 'the re-run delivery');
    // The original now lists the re-run; the re-run names its original.
    const reruns = page.locator('dt:text-is("Re-runs") + dd');
    await expect.poll(() => reruns.textContent()).toContain(rerunId);
    await page.getByRole('link', { name: `Open run ${rerunId}` }).click();
    await page.waitForURL(`**/runs/${rerunId}`);
    await expect.poll(() => page.locator('dt:text-is("Re-run of") + dd').textContent()).toBe(runId);
    expect(await page.locator('dt:text-is("Trigger event") + dd').textContent()).toContain(
      'evt-billing',
    );
    expect(await page.locator('dt:text-is("Created by") + dd').textContent()).toBe('ui');
  });

  it('cancels a run waiting for a retry', async () => {
    // Tier 1 fires flaky_sync, whose receiver answers 500: the run waits 10 minutes to retry.
    const posted = await open.postEvent(serviceCreated('svc-flaky', 1, 'evt-flaky'));
    const runIds = posted.json.runs as string[];
    await waitFor(
      () => open.receiver.requests.some((r) => r.url === '/flaky'),
      5_000,
      'the failed delivery',
    );
    await page.goto(`${open.url}/runs?automation=flaky_sync&entity=svc-flaky`);
    const link = page.locator('tr[data-run-id] a[href^="/runs/"]').first();
    await link.waitFor();
    const flakyId = (await link.textContent())!;
    expect(runIds).toContain(flakyId);
    await link.click();
    await page.locator('dt:text-is("Next attempt")').waitFor();
    await expect
      .poll(() => page.locator('section[aria-labelledby="run-attempts"]').textContent())
      .toContain('500');
    const cancel = page.getByRole('button', { name: 'Cancel' });
    expect(await cancel.isEnabled()).toBe(true);
    await cancel.click();
    await page.getByText('The run was cancelled.').waitFor();
    await expect.poll(() => page.locator('.run-status').textContent()).toContain('Failure');
    await expect.poll(() => cancel.isDisabled()).toBe(true);
    await expect.poll(() => page.locator('ol.logs').textContent()).toMatch(/cancel/i);
  });

  it('finds an unmatched event by entity and says why each automation did not fire', async () => {
    await open.postEvent(serviceCreated('svc-search', 5, 'evt-search'));
    await page.goto(`${open.url}/events`);
    await page.getByLabel('Entity identifier').fill('svc-search');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/entity=svc-search/);
    const rows = page.locator('tr[data-event-id]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/evt-search.*ENTITY_CREATED.*none/s);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'evt-search' }).click();
    await page.waitForURL('**/events/evt-search');
    const table = page.getByRole('table', { name: 'Decisions' });
    await table.waitFor();
    const outcome = async (automation: string): Promise<string | null> =>
      table.locator(`tr[data-automation="${automation}"]`).getAttribute('data-outcome');
    await expect.poll(() => outcome('notify_created')).toBe('condition');
    expect(await outcome('flaky_sync')).toBe('condition');
    expect(await outcome('audit_updates')).toBe('event-type');
    expect(await outcome('cluster_created')).toBe('blueprint');
    expect(await outcome('paused_notifier')).toBe('disabled');
    const notify = await table.locator('tr[data-automation="notify_created"]').textContent();
    expect(notify).toContain('.diff.after.properties.tier <= 2 → false');
    expect(await table.locator('tr[data-automation="paused_notifier"]').textContent()).toContain(
      'publish: false',
    );
    await expectAccessible(page);
  });

  it('replays an event: a dry run creates nothing, a replay dedupes unless forced', async () => {
    const posted = await open.postEvent(serviceCreated('svc-replay', 2, 'evt-replay'));
    const firstRuns = posted.json.runs as string[];
    expect(firstRuns).toHaveLength(1);
    await page.goto(`${open.url}/events/evt-replay`);
    await page.getByRole('table', { name: 'Decisions' }).waitFor();

    const outcomeIn = (table: string, automation: string) =>
      page
        .getByRole('table', { name: table })
        .locator(`tr[data-automation="${automation}"]`)
        .getAttribute('data-outcome');
    const delivered = open.receiver.requests.length;
    // The event already has its run: a dry run says so; forced, it would fire again.
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Dry run done: no runs were created.').waitFor();
    expect(await outcomeIn('Dry run result', 'notify_created')).toBe('duplicate');
    expect(await outcomeIn('Dry run result', 'audit_updates')).toBe('event-type');
    const force = page.getByLabel(/^Force/);
    await force.check();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect.poll(() => outcomeIn('Dry run result', 'notify_created')).toBe('matched');
    await force.uncheck();

    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('Replay done: no new runs.').waitFor();
    expect(open.receiver.requests.length).toBe(delivered);

    await force.check();
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const done = page.getByText(/^Replay done: 1 new run/);
    await done.waitFor();
    const newRun = (await done.locator('a').textContent())!;
    expect(firstRuns).not.toContain(newRun);
    const runs = page.locator('dt:text-is("Runs") + dd');
    await expect.poll(() => runs.textContent()).toContain(newRun);
    expect(await runs.textContent()).toContain(firstRuns[0]);
    await expect.poll(() => page.getByText('Earlier replays').count()).toBe(1);
    expect(await page.locator('h3 + ul').textContent()).toMatch(
      /by ui: dry run[\s\S]*by ui: replay, 1 run\(s\) \(forced\)/,
    );
  });

  it('executes a self-service action: a bad input is refused at its field, a good one runs', async () => {
    await page.goto(`${open.url}/actions`);
    await page.getByRole('link', { name: 'Deploy a service' }).click();
    await page.waitForURL('**/actions/deploy_service');
    await page.getByLabel(/^Entity identifier/).fill('svc-checkout');
    await page.getByLabel(/^Environment/).selectOption('staging');
    await page.getByLabel(/^Version/).fill('1.2');
    // The default shows in the form as the execute route would apply it.
    expect(await page.getByLabel(/^Replicas/).inputValue()).toBe('2');
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    const version = page.locator('.field-invalid', { has: page.getByLabel(/^Version/) });
    await version.locator('.field-error').waitFor();
    expect(await version.locator('.field-error').textContent()).toMatch(/pattern/);
    expect(await page.getByLabel(/^Version/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').textContent()).toContain('Not run');
    expect(open.receiver.requests.some((r) => r.url === '/deploy')).toBe(false);
    await expectAccessible(page);

    await page.getByLabel(/^Version/).fill('v1.2.3');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const started = page.getByText(/^Run started:/);
    await started.waitFor();
    await waitFor(() => open.receiver.requests.some((r) => r.url === '/deploy'), 5_000, 'deploy');
    const deploy = open.receiver.requests.find((r) => r.url === '/deploy')!;
    expect(JSON.parse(deploy.body)).toEqual({ env: 'staging', version: 'v1.2.3' });
    await started.getByRole('link').click();
    await page.locator('dt:text-is("Created by") + dd').waitFor();
    expect(await page.locator('dt:text-is("Created by") + dd').textContent()).toBe('ui');
  });

  it('lists the automations with their source and recent runs', async () => {
    await page.goto(`${open.url}/automations`);
    await page.getByRole('heading', { name: 'Definition sets' }).waitFor();
    const body = page.locator('main');
    await expect.poll(() => body.textContent()).toContain('notify_created');
    const text = (await body.textContent())!;
    for (const id of ['audit_updates', 'cluster_created', 'paused_notifier', 'flaky_sync'])
      expect(text).toContain(id);
    expect(text).toContain('notify-created.json');
    await expectAccessible(page);
  });

  it('can be used from the keyboard: skip link first, then the navigation', async () => {
    await page.goto(`${open.url}/runs`);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('main');
    await page.goto(`${open.url}/runs`);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      reached.push(await focusedText(page));
    }
    expect(reached).toEqual(
      expect.arrayContaining(['switchyard', 'Runs', 'Events', 'Automations', 'Actions']),
    );
    // Enter on a focused navigation link opens its page.
    await page.getByRole('link', { name: 'Events', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/events');
  });
});

describe('the web UI with credentials configured', () => {
  let closed: UiScenario;
  beforeAll(async () => {
    closed = await startUiScenario({
      SWITCHYARD_CLIENT_ID: UI_CLIENT_ID,
      SWITCHYARD_CLIENT_SECRET: UI_CLIENT_SECRET,
    });
  });
  afterAll(() => closed?.close());

  it('asks for a login, refuses a wrong secret, logs in and out', async () => {
    const { page, context } = await openPage();
    for (const path of ['/v1/actions/runs', '/v1/events', '/v1/automations']) {
      const answer = await page.request.get(`${closed.url}${path}`);
      expect(answer.status(), path).toBe(401);
    }
    await page.goto(`${closed.url}/events?entity=svc-a`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.waitForURL(/\/login\?next=%2Fevents%3Fentity%3Dsvc-a$/);
    await expectAccessible(page);

    await page.getByLabel('Client ID').fill(UI_CLIENT_ID);
    await page.getByLabel('Client secret').fill('not-the-secret');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText(/^Login failed/).waitFor();
    expect(await context.cookies()).toEqual([]);

    await page.getByLabel('Client secret').fill(UI_CLIENT_SECRET);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Back where the person was going, signed in.
    await page.waitForURL(/\/events\?entity=svc-a$/);
    await page.getByText(`Signed in as ${UI_CLIENT_ID}`).waitFor();
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookies[0]!.value).not.toContain(UI_CLIENT_SECRET);
    expect((await page.request.get(`${closed.url}/v1/actions/runs`)).status()).toBe(200);
    // A state-changing call with the cookie but without the CSRF token is refused.
    const forged = await page.request.post(`${closed.url}/v1/events/evt-x/replay`, {
      data: { dryRun: true },
    });
    expect(forged.status()).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toBe('csrf_failed');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    expect((await page.request.get(`${closed.url}/v1/actions/runs`)).status()).toBe(401);
    await page.goto(`${closed.url}/runs`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await context.close();
  });
});
