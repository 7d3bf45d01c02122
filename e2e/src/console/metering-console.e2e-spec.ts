import type { InstalledUnusedReport, MeteringReport, MeteringRuleData, UsageIngestResult } from '@sdp/contracts';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { TestAgent } from '../agent-process';
import { adminApi, RunningSystem, startSystem } from '../system';
import { waitFor } from '../whole-system/flow';
import { ConsoleProcess, openBrowser, signIn, startConsole } from './console-process';

// The console's metering pages in the machine's Chromium against the real system: a rule made in
// the form, a computer registered by the real agent (whose inventory lists the product as
// installed) that reports a month of usage to the metering API with its own client token, and
// the report drawn from what the service summed. Pages are photographed into tmp/test-results/console/.
const SCREENSHOTS = join(__dirname, '../../../tmp/test-results/console');
const VIEWER_TOKEN = `viewer-${Date.now().toString(36)}`;
const ADMIN_TOKENS = `dev-admin-token:admin:dev-admin,${VIEWER_TOKEN}:viewer:e2e-viewer`;
const PRODUCT = 'E2E Console Suite';

/** The UTC month before the current one, `YYYY-MM`: a whole month of usage, whatever today is. */
function previousUtcMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

interface Box {
  day: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const barsOf = (svg: Locator): Promise<Box[]> =>
  svg.locator('rect.usage-bar').evaluateAll((rects) =>
    rects.map((rect) => ({
      day: rect.getAttribute('data-day') as string,
      x: Number(rect.getAttribute('x')),
      y: Number(rect.getAttribute('y')),
      width: Number(rect.getAttribute('width')),
      height: Number(rect.getAttribute('height')),
    })),
  );

describe('the console’s metering pages, in a real browser', () => {
  let system: RunningSystem;
  let consoleServer: ConsoleProcess;
  let browser: Browser;
  let page: Page;
  let workDir: string;
  let agent: TestAgent;
  let rule: MeteringRuleData;
  const month = previousUtcMonth();
  const browserErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const watchErrors = (target: Page) => {
    target.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`${target.url()}: ${message.text()}`);
    });
    target.on('pageerror', (error) => browserErrors.push(`${target.url()}: ${error.message}`));
  };
  const meteringApi = () => adminApi(system);
  const ruleUrl = () => `${system.urls.metering}/api/v1/metering/rules/${rule.id}`;
  /** The note (hint or error) tied to a field by aria-describedby. */
  const noteOf = async (field: Locator) => page.locator(`[id="${await field.getAttribute('aria-describedby')}"]`).textContent();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const tokens = { SDP_ADMIN_TOKENS: ADMIN_TOKENS };
    system = await startSystem({ env: { catalog: tokens, 'content-replication': tokens, targeting: tokens, advertisement: tokens, metering: tokens } });
    consoleServer = await startConsole(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-console-metering-'));
    agent = new TestAgent(system, workDir, {
      name: `${system.runId}-metered-pc`,
      os: { name: 'linux', version: '6.1.0', arch: 'x64' },
      inventory: { software: [{ name: `${PRODUCT} 3.1`, version: '3.1.0', publisher: 'E2E', source: 'dpkg' }] },
    });
    ({ browser, page } = await openBrowser(900));
    watchErrors(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await consoleServer?.stop();
    await system?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a rule in the form with every field and lists it', async () => {
    await signIn(page, consoleServer.url, system.adminToken);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Metering' }).click();
    await page.getByRole('heading', { level: 1, name: 'Metering' }).waitFor();
    await page.getByText('No metering rules yet.').waitFor();

    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Product name *').fill(PRODUCT);
    await page.getByLabel('File name', { exact: true }).fill('suite.bin');
    await page.getByLabel('Original file name').fill('SUITE.EXE');
    await page.getByLabel('Version pattern').fill('3.*');
    await page.getByLabel('Language').fill('en-US');
    await page.getByLabel('Site').fill(system.siteCode);
    await page.getByLabel('Licences owned').fill('2');
    await page.getByLabel('Installed software name').fill(`${PRODUCT}*`);
    await page.getByLabel('Only on these platforms').check();
    await page.locator('.platform-row select').first().selectOption('linux');
    await page.getByLabel('Minimum version').fill('5.0');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.waitForURL(/\/metering\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    const id = page.url().split('/').pop() as string;
    expect(id.startsWith(system.siteCode)).toBe(true);
    await page.getByRole('heading', { level: 1, name: new RegExp(PRODUCT) }).waitFor();

    rule = await meteringApi().get<MeteringRuleData>(`${system.urls.metering}/api/v1/metering/rules/${id}`);
    expect(rule).toMatchObject({
      productName: PRODUCT,
      fileName: 'suite.bin',
      originalFileName: 'SUITE.EXE',
      fileVersion: '3.*',
      language: 'en-US',
      platforms: [{ os: 'linux', arch: 'x64', minVersion: '5.0' }],
      site: system.siteCode,
      licencesOwned: 2,
      enabled: true,
      installedSoftwareName: `${PRODUCT}*`,
    });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Metering' }).click();
    const row = page.getByRole('table', { name: 'Metering rules' }).locator(`tr[data-rule="${id}"]`);
    // allTextContents does not wait: the list may still be loading after the click.
    await row.waitFor();
    expect(await row.locator('td, th').allTextContents()).toEqual([id, PRODUCT, 'suite.bin', 'SUITE.EXE', '3.*', 'linux x64 5.0–', '2', 'enabled', 'DisableDelete']);
    await shot('20-metering-rules');
  });

  it('shows the service’s 422 beside the version pattern and changes nothing', async () => {
    await page.getByRole('link', { name: rule.id }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const pattern = page.getByLabel('Version pattern');
    await pattern.fill('3..*');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('alert').waitFor();
    expect(await pattern.getAttribute('aria-invalid')).toBe('true');
    expect(await noteOf(pattern)).toBe('must be dot-separated segments of letters, digits, _ + - and the wildcards * and ?, e.g. 16.*');
    expect(await page.getByRole('alert').textContent()).toMatch(/^Could not save the rule: Not allowed by the rules: fileVersion: must be dot-separated/);
    expect((await meteringApi().get<MeteringRuleData>(ruleUrl())).fileVersion).toBe('3.*');
    await shot('21-metering-rule-422');
    // The refused save is the one answer that must show up as a failed request.
    expect(browserErrors.every((error) => error.includes('422'))).toBe(true);
    browserErrors.length = 0;
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('disables the rule from the list and enables it on its page', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Metering' }).click();
    const row = page.getByRole('table', { name: 'Metering rules' }).locator(`tr[data-rule="${rule.id}"]`);
    await row.getByRole('button', { name: `Disable ${PRODUCT}` }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Enable ${PRODUCT}` }).waitFor();
    expect((await meteringApi().get<MeteringRuleData>(ruleUrl())).enabled).toBe(false);

    await row.getByRole('link', { name: rule.id }).click();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).waitFor();
    expect((await meteringApi().get<MeteringRuleData>(ruleUrl())).enabled).toBe(true);
  });

  it('draws a month of usage a computer reported: the summary, a bar per day with usage and the licence line', async () => {
    // A computer registered by the real agent reports its runs with its own token, as the agent does.
    expect((await agent.once()).code).toBe(0);
    const identity = JSON.parse(readFileSync(join(agent.dataDir, 'identity.json'), 'utf8')) as { clientId: string; token: string };
    const run = (day: number, user: string, from: string, to: string) => {
      const date = `${month}-${String(day).padStart(2, '0')}`;
      return { id: randomUUID(), ruleId: rule.id, user, startedAt: `${date}T${from}:00.000Z`, endedAt: `${date}T${to}:00.000Z` };
    };
    const records = [
      // Day 3: three users at once, one more than the two licences owned.
      run(3, 'alice', '09:00', '10:00'),
      run(3, 'bob', '09:30', '10:30'),
      run(3, 'carol', '09:45', '10:15'),
      // Day 10: one short run.
      run(10, 'alice', '14:00', '14:30'),
      // Day 17: two at once, as many as the licences.
      run(17, 'alice', '08:00', '09:00'),
      run(17, 'bob', '08:30', '09:30'),
    ];
    const response = await fetch(`${system.urls.metering}/api/v1/clients/${identity.clientId}/usage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${identity.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records }),
    });
    expect({ status: response.status, body: (await response.json()) as UsageIngestResult }).toEqual({ status: 200, body: { accepted: 6, closed: 0, unchanged: 0, unknownRule: 0 } });
    // The computer's name reaches metering from targeting's events: wait until the report names it.
    await waitFor(
      async () => {
        const report = await meteringApi().get<MeteringReport>(`${ruleUrl()}/report?month=${month}`);
        return report.computers[0]?.name === agent.identity.name ? report : undefined;
      },
      60_000,
      'metering to know the computer by name',
    );

    await page.reload();
    const monthInput = page.getByLabel('Month (UTC)');
    expect(await monthInput.inputValue()).toBe(new Date().toISOString().slice(0, 7));
    await monthInput.fill(month);
    const summary = page.getByLabel(`Summary of ${month}`);
    await summary.waitFor();
    const terms = await summary.locator('dt').allTextContents();
    const values = await summary.locator('dd').allTextContents();
    expect(Object.fromEntries(terms.map((term, index) => [term, values[index]]))).toEqual({
      Computers: '1',
      Users: '3',
      Launches: '6',
      'Total usage time': '5 h 00 min',
      'Peak concurrent users': '3 of 2 licences owned',
    });
    expect(await page.getByTestId('over-licences').textContent()).toContain('1 more than the 2 licences owned');

    // One bar per day with usage, each in its day's slot, as high as its launches (3, 1, 2), on one baseline.
    const chart = page.getByRole('img', { name: new RegExp(`^Launches per day of ${month}`) });
    const bars = await barsOf(chart);
    expect(bars.map((bar) => bar.day)).toEqual([`${month}-03`, `${month}-10`, `${month}-17`]);
    const [third, tenth, seventeenth] = bars;
    expect(tenth.x - third.x).toBeCloseTo(seventeenth.x - tenth.x, 6);
    expect(tenth.x - third.x).toBeCloseTo((7 * third.width) / 0.7, 6);
    expect(third.y + third.height).toBeCloseTo(tenth.y + tenth.height, 6);
    expect(third.y + third.height).toBeCloseTo(seventeenth.y + seventeenth.height, 6);
    expect(third.height / tenth.height).toBeCloseTo(3, 6);
    expect(seventeenth.height / tenth.height).toBeCloseTo(2, 6);
    // The scales: launches up to 5 on the left; users up to 5 on the right (3 at the peak, with headroom).
    expect(await chart.locator('text[data-axis="measure-max"]').textContent()).toBe('5');
    expect(await chart.locator('text[data-axis="users-max"]').textContent()).toBe('5');
    expect(third.height).toBeCloseTo(((await chart.locator('rect.chart-track').evaluate((track) => Number(track.getAttribute('height')))) * 3) / 5, 6);

    // The licence line spans the plot at 2 users; the peak of day 17 (2) lies on it, day 3's (3) above it, day 10's (1) below it.
    const licence = await chart.locator('line.licence-line').evaluate((line) => ({
      value: line.getAttribute('data-value'),
      x1: Number(line.getAttribute('x1')),
      x2: Number(line.getAttribute('x2')),
      y1: Number(line.getAttribute('y1')),
      y2: Number(line.getAttribute('y2')),
    }));
    expect(licence.value).toBe('2');
    expect(licence.y1).toBe(licence.y2);
    expect(licence.x1).toBeLessThan(third.x);
    expect(licence.x2).toBeGreaterThan(seventeenth.x + seventeenth.width);
    const peakY = async (day: number) => Number(await chart.locator(`circle.peak-point[data-day="${month}-${String(day).padStart(2, '0')}"]`).getAttribute('cy'));
    expect(await peakY(17)).toBeCloseTo(licence.y1, 6);
    expect(await peakY(3)).toBeLessThan(licence.y1);
    expect(await peakY(10)).toBeGreaterThan(licence.y1);
    // A past month: a peak point for every one of its days.
    const daysInMonth = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
    expect(await chart.locator('circle.peak-point').count()).toBe(daysInMonth);
    await shot('22-metering-report');

    // Usage time instead: 2 h 30 min, 30 min, 2 h.
    await page.getByLabel('Bars show').selectOption('usageSeconds');
    const timed = await barsOf(page.getByRole('img', { name: new RegExp(`^Usage time per day of ${month}`) }));
    expect(timed.map((bar) => bar.day)).toEqual([`${month}-03`, `${month}-10`, `${month}-17`]);
    expect(timed[0].height / timed[1].height).toBeCloseTo(5, 6);
    expect(timed[2].height / timed[1].height).toBeCloseTo(4, 6);
    expect(await page.locator('svg[data-measure="usageSeconds"] text[data-axis="measure-max"]').textContent()).toBe('5 h');

    // Drill-down: the computer by name, and each user.
    const computers = page.getByRole('table', { name: 'Computers that ran it' });
    expect(await computers.locator('tbody tr').first().locator('th, td').allTextContents()).toEqual([agent.identity.name, '6', '5 h 00 min', 'alice, bob, carol']);
    const users = page.getByRole('table', { name: 'Users who ran it' });
    expect(await users.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent)))).toEqual([
      ['alice', '3', '2 h 30 min', '1'],
      ['bob', '2', '2 h 00 min', '1'],
      ['carol', '1', '30 min', '1'],
    ]);
  });

  it('lists the computer as installed but unused once the days asked reach back less than its last use', async () => {
    const unused = page.getByRole('table', { name: 'Installed but unused' });
    // Default 90 days: it ran last month, so it is not unused.
    expect(await page.getByLabel('Not used for (days)').inputValue()).toBe('90');
    await page.getByText('No computer has it installed without running it in the last 90 days.').waitFor();
    // 10 days: its last run (the 17th of last month) is older.
    await page.getByLabel('Not used for (days)').fill('10');
    await unused.waitFor();
    const cells = await unused.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(cells.slice(0, 3)).toEqual([agent.identity.name, `${PRODUCT} 3.1`, '3.1.0']);
    expect(cells[3]).not.toBe('never');
    const api = await meteringApi().get<InstalledUnusedReport>(`${ruleUrl()}/installed-unused?days=10`);
    expect(api.computers.map((computer) => [computer.clientName, computer.lastUsedAt])).toEqual([[agent.identity.name, `${month}-17T09:30:00.000Z`]]);
    await page.getByLabel('Not used for (days)').fill('0');
    await page.getByText('A whole number of days from 1 to 3650.').waitFor();
    expect(await page.getByLabel('Not used for (days)').getAttribute('aria-invalid')).toBe('true');
    expect(await noteOf(page.getByLabel('Not used for (days)'))).toBe('A whole number of days from 1 to 3650.');
    expect(await unused.count()).toBe(0);
    await page.getByLabel('Not used for (days)').fill('10');
    await unused.waitFor();
    await shot('23-metering-installed-unused');
  });

  it('shows a viewer the rules and the report but no button that changes them', async () => {
    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await viewerContext.newPage();
    watchErrors(viewer);
    try {
      await viewer.goto(`${consoleServer.url}/metering`);
      await viewer.getByLabel('Admin token').fill(VIEWER_TOKEN);
      await viewer.getByRole('button', { name: 'Sign in' }).click();
      await viewer.getByRole('table', { name: 'Metering rules' }).locator(`tr[data-rule="${rule.id}"]`).waitFor();
      expect(await viewer.locator('.role').textContent()).toBe('viewer');
      expect(await viewer.getByRole('button', { name: /New rule|Disable|Enable|Delete/ }).count()).toBe(0);
      await viewer.getByRole('link', { name: rule.id }).click();
      await viewer.getByLabel('Month (UTC)').fill(month);
      await viewer.getByLabel(`Summary of ${month}`).waitFor();
      expect(await viewer.locator('rect.usage-bar').count()).toBe(3);
      expect(await viewer.getByRole('button', { name: /Edit|Disable|Enable|Delete/ }).count()).toBe(0);
    } finally {
      await viewerContext.close();
    }
  });

  it('deletes the rule only once the admin confirms', async () => {
    const answers: string[] = [];
    const answer = (accept: boolean) =>
      page.once('dialog', (dialog) => {
        answers.push(dialog.message());
        void (accept ? dialog.accept() : dialog.dismiss());
      });
    answer(false);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitFor(async () => (answers.length === 1 ? true : undefined), 5_000, 'the confirmation');
    expect(answers[0]).toBe(`Delete metering rule ${rule.id} (${PRODUCT})? Clients stop metering it and its recorded usage is deleted.`);
    expect((await meteringApi().get<MeteringRuleData>(ruleUrl())).id).toBe(rule.id);

    answer(true);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(/\/metering$/);
    await page.getByText('No metering rules yet.').waitFor();
    await expect(meteringApi().get(ruleUrl())).rejects.toMatchObject({ status: 404 });
  });

  it('wrote nothing to the browser console', () => {
    expect(browserErrors).toEqual([]);
  });
});
