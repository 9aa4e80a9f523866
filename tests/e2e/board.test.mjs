// Issue 12, end to end: what an NHS 111 call handler and a hub receptionist do, in the real app
// at 1280 x 800 against the in-process simulator (whose hub runs an urgent treatment centre
// around the clock, so a six-hour timeframe always holds slots).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { By } from 'selenium-webdriver';
import { assertAccessible, find, screenshot, simulator, startApp, type, waitForAttribute } from './support.mjs';
import {
  DAWES, confirmBooking, confirmationField, enterPatient, navigate, patientFound, register, search,
  showResults,
} from './flows.mjs';

async function withApp(run) {
  const { driver } = await startApp();
  try {
    await run(driver);
  } finally {
    await driver.quit();
  }
}

const EVERY_PRACTICE = ['A20047', 'GPC001', 'R1A15', 'R3B46'];

/** Chooses a disposition timeframe preset (e.g. `6h`). */
async function chooseTimeframe(driver, id) {
  await (await find(driver, `[data-timeframe="${id}"]`)).click();
  await waitForAttribute(driver, `[data-timeframe="${id}"]`, 'aria-pressed', 'true');
}

/** The board's row keys, top to bottom. */
async function boardRowKeys(driver) {
  const rows = await driver.findElements(By.css('[data-board-row]'));
  return Promise.all(rows.map((r) => r.getAttribute('data-board-row')));
}

/** Books what is chosen for Minnie Dawes, registering her at that practice first if needed. */
async function bookChosen(driver, description) {
  if (!(await patientFound(driver))) await register(driver);
  await confirmBooking(driver, description);
}

test('a 111 user with a 6-hour timeframe sees the board fill in, picks the earliest slot within it and books it', () =>
  withApp(async (driver) => {
    await enterPatient(driver, DAWES);
    await chooseTimeframe(driver, '6h');
    assert.match(await (await find(driver, '#timeframe-now')).getText(), /Within 6 hours \(by /);
    await search(driver, EVERY_PRACTICE);
    await showResults(driver, 'board');
    // The patient was looked for at every practice as soon as the NHS number was entered.
    await driver.wait(async () => {
      const cells = await driver.findElements(By.css('[data-patient-here]'));
      const states = await Promise.all(cells.map((c) => c.getAttribute('data-patient-here')));
      return states.length > 0 && states.every((s) => s === 'found' || s === 'notFound');
    }, 30_000, 'the patient looked for everywhere');
    const legg = await find(driver, '[data-board-row^="A20047"] [data-patient-here]');
    assert.equal(await legg.getAttribute('data-patient-here'), 'found');
    const hub = await find(driver, '[data-board-row^="R3B46"] [data-patient-here]');
    assert.equal(await hub.getAttribute('data-patient-here'), 'notFound');

    // Sorted by earliest within the timeframe: the first row has one, and the hub's urgent
    // treatment centre always does.
    const keys = await boardRowKeys(driver);
    assert.ok(keys.some((k) => k.startsWith('R3B46/')), `the hub has a row: ${keys}`);
    const first = await find(driver, '[data-board-row]');
    assert.ok(Number(await first.getAttribute('data-count')) > 0, 'the first row has slots within the timeframe');
    await screenshot(driver, 'board', '#results-heading');
    await assertAccessible(driver, 'board');

    const earliest = await first.findElement(By.css('[data-board-slot]'));
    const key = await earliest.getAttribute('data-board-slot');
    await earliest.click();
    await find(driver, `[data-selected-slot="${key}"]`);
    assert.equal((await driver.findElements(By.css('#outside-timeframe'))).length, 0, 'within the timeframe');
    // Choosing it opened that practice's day, lanes per clinician.
    await find(driver, `#day-view [data-slot="${key}"]`);
    await screenshot(driver, 'day-view', '#results-heading');
    await assertAccessible(driver, 'day-view');

    await bookChosen(driver, 'Urgent review (111, within 6 hours)');
    await find(driver, '#booking-confirmation', 30_000);
    assert.match(await confirmationField(driver, 'timeframe'), /Within 6 hours/);
    assert.match(await confirmationField(driver, 'practice'), new RegExp(key.split('/')[0]));
  }));

test('a slot after the timeframe is marked and booking it asks for a reason, kept with the booking', () =>
  withApp(async (driver) => {
    await enterPatient(driver, DAWES);
    await chooseTimeframe(driver, '1h');
    // Look beyond the timeframe: the search ends three days later, the timeframe stays.
    const part = async (p) => Number(await (await find(driver, `#search-to-${p}`)).getAttribute('value'));
    const end = new Date(Date.UTC(await part('year'), (await part('month')) - 1, (await part('day')) + 3));
    await type(driver, '#search-to-day', String(end.getUTCDate()));
    await type(driver, '#search-to-month', String(end.getUTCMonth() + 1));
    await type(driver, '#search-to-year', String(end.getUTCFullYear()));
    await waitForAttribute(driver, '[data-timeframe="1h"]', 'aria-pressed', 'true');
    await search(driver, ['R3B46']);
    await showResults(driver, 'board');
    await (await find(driver, '[data-open^="R3B46/"]')).click();
    await find(driver, '#day-view');
    // The next day's slots are all after a one-hour timeframe.
    await (await find(driver, '#day-next')).click();
    const outside = await find(driver, '#day-view [data-outside="true"]');
    assert.match(await outside.getAttribute('aria-label'), /after the disposition timeframe/);
    await outside.click();
    await find(driver, '#outside-timeframe');
    await bookChosen(driver, 'Follow-up after 111 call');
    await find(driver, '#error-summary a[href="#timeframe-reason"], #booking-error-summary a[href="#timeframe-reason"]');
    await screenshot(driver, 'outside-timeframe', '#booking-panel');
    await assertAccessible(driver, 'outside-timeframe');
    await type(driver, '#timeframe-reason', 'Patient cannot attend sooner: no transport today');
    await (await find(driver, '#book-button')).click();
    await find(driver, '#booking-confirmation', 30_000);
    assert.match(await confirmationField(driver, 'timeframe'), /no transport today/);
  }));

test('filters narrow the results without a new search, and survive a refresh', () =>
  withApp(async (driver) => {
    await search(driver, ['A20047', 'GPC001']);
    await showResults(driver, 'board');
    // Two weeks: the availability strip shows each practice's days.
    assert.ok((await driver.findElements(By.css('#availability-strip [data-strip-day^="GPC001/"]'))).length > 0);
    const asOf = await (await find(driver, '#searched-at')).getText();
    const total = async () => Number(/of (\d+)/.exec(await (await find(driver, '#filters-count')).getText())[1]);
    const shown = async () => Number(/Showing (\d+)/.exec(await (await find(driver, '#filters-count')).getText())[1]);
    const all = await total();
    await (await find(driver, '[data-filter="deliveryChannel"] summary')).click();
    await (await find(driver, '[data-filter-value="deliveryChannel:Telephone"]')).click();
    await driver.wait(async () => (await shown()) < all, 10_000, 'fewer slots shown');
    const telephone = await shown();
    assert.ok(telephone > 0);
    assert.equal(await total(), all, 'nothing was searched again');
    assert.equal(await (await find(driver, '#searched-at')).getText(), asOf);
    await (await find(driver, '[data-filter="deliveryChannel"] summary')).click();
    await (await find(driver, '[data-filter="timeOfDay"] summary')).click();
    await (await find(driver, '[data-filter-value="timeOfDay:afternoon"]')).click();
    await driver.wait(async () => (await shown()) < telephone, 10_000, 'afternoon telephone slots only');
    await screenshot(driver, 'filters', '#results-heading');
    await assertAccessible(driver, 'filters');
    // A refresh searches again and keeps the filters.
    await (await find(driver, '[data-filter="timeOfDay"] summary')).click();
    await (await find(driver, '#refresh-now')).click();
    await driver.wait(async () => (await find(driver, '#refresh-now')).isEnabled(), 30_000);
    // A closed filter says what is chosen; its values are listed when it is opened.
    const channel = await find(driver, '[data-filter="deliveryChannel"] summary');
    assert.match(await channel.getText(), /1 chosen/);
    await channel.click();
    const checked = await (await find(driver, '[data-filter-value="deliveryChannel:Telephone"]')).isSelected();
    assert.equal(checked, true, 'the channel filter is kept');
    assert.ok((await shown()) < (await total()));
  }));

test('export writes the slots shown as CSV with the columns of gpc slots --csv', () =>
  withApp(async (driver) => {
    await search(driver, ['GPC001']);
    const dir = mkdtempSync(path.join(tmpdir(), 'gpc-export-'));
    const file = path.join(dir, 'slots.csv');
    await (await find(driver, '#export-slots-csv')).click();
    // The native GTK save dialog: wait for it, give it the keyboard, replace the suggested name
    // with the full path (GTK reads a path typed there) and press Enter.
    const dialog = execFileSync('xdotool', ['search', '--sync', '--onlyvisible', '--name', 'Save'], {
      timeout: 20_000,
    }).toString().trim().split('\n').pop();
    execFileSync('xdotool', ['windowfocus', '--sync', dialog]);
    await driver.sleep(500);
    execFileSync('xdotool', ['key', '--window', dialog, 'ctrl+a']);
    execFileSync('xdotool', ['type', '--window', dialog, '--delay', '20', file]);
    execFileSync('xdotool', ['key', '--window', dialog, 'Return']);
    await driver.wait(async () => /saved to/.test(await (await find(driver, '#export-slots-status')).getText()),
      20_000, 'the export says where it saved');
    const said = await (await find(driver, '#export-slots-status')).getText();
    assert.ok(existsSync(file), `saved where asked: ${said}`);
    const lines = readFileSync(file, 'utf8').trim().split(/\r\n/);
    assert.equal(lines[0], 'practice,slot id,date,start,end,duration,delivery channel,slot type,schedule type,location,address,practitioner,gender,role');
    assert.ok(lines.length > 1);
    assert.match(lines[1], /^GPC001,/);
    const shown = Number(/Showing (\d+)/.exec(await (await find(driver, '#filters-count')).getText())[1]);
    assert.equal(lines.length - 1, shown, 'one row per slot shown');
  }));

test("the patient's preferred branch surgery is shown and its slots come first at that practice", () =>
  withApp(async (driver) => {
    await enterPatient(driver, DAWES);
    await search(driver, ['A20047']);
    await showResults(driver, 'board');
    await waitForAttribute(driver, '[data-board-row^="A20047"] [data-patient-here]', 'data-patient-here', 'found');
    const preferred = await find(driver, '[data-board-row].is-preferred');
    assert.match(await preferred.getText(), /Preferred surgery/);
    // The availability strip opens the whole practice (both surgeries): lanes per clinician,
    // the preferred surgery's first; the list then starts with its slots.
    const day = await find(driver, '[data-strip-day^="A20047/"]');
    // The strip scrolls sideways in its own box: bring the day into view first.
    await driver.executeScript('arguments[0].scrollIntoView({ block: "center", inline: "center" })', day);
    await day.click();
    await find(driver, '#day-view .app-day__lane-head');
    const firstLane = await find(driver, '#day-view .app-day__lane-head');
    assert.match(await firstLane.getText(), /Preferred surgery/);
    await showResults(driver, 'list');
    const rows = await driver.findElements(By.css('[data-slot-row]'));
    assert.ok(rows.length > 1);
    assert.equal(await rows[0].getAttribute('data-preferred'), 'true');
    assert.match(await rows[0].getText(), /Preferred surgery/);
    await screenshot(driver, 'preferred-first', '#results-heading');
    await assertAccessible(driver, 'preferred-first');
  }));

test('a home visit (GP Connect 1.2.9) is listed without amend or cancel, and says why', () =>
  withApp(async (driver) => {
    const sim = simulator();
    const { id } = await sim.addVisit('A20047', '9476719931');
    await enterPatient(driver, DAWES);
    await navigate(driver, 'appointments');
    await (await find(driver, '#show-appointments')).click();
    await waitForAttribute(driver, '[data-appointments-status="A20047"]', 'data-state', 'done');
    const card = await find(driver, `[data-appointment="A20047/${id}"]`);
    assert.match(await card.getText(), /Home visit/);
    assert.match(await card.getText(), /Contact practice for location of the visit/);
    assert.doesNotMatch(await card.getText(), /Unknown/);
    assert.equal((await card.findElements(By.css('[data-amend], [data-cancel], [data-reschedule]'))).length, 0);
    assert.match(await (await card.findElement(By.css('[data-not-changeable]'))).getText(), /home visit/i);
    await screenshot(driver, 'home-visit', `[data-appointment="A20047/${id}"]`);
    await assertAccessible(driver, 'home-visit');
  }));
