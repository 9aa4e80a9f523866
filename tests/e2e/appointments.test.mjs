// Issue 5, end to end: view a patient's appointments across practices, amend, cancel (and see
// the slot free again), reschedule, another client's change first (409), and a failure in the
// middle of a reschedule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { By } from 'selenium-webdriver';
import { assertAccessible, find, screenshot, simulator, startApp, type, waitForAttribute } from './support.mjs';
import { DAWES, bookFirstSlot, confirmBooking, enterPatient, navigate, patientFound, pickFirstSlot, search } from './flows.mjs';

async function withBookings(run) {
  const { driver } = await startApp();
  try {
    await enterPatient(driver, DAWES);
    const legg = await bookFirstSlot(driver, 'A20047', 'Asthma review');
    const gpc = await bookFirstSlot(driver, 'GPC001', 'Blood test');
    await showAppointments(driver, ['A20047', 'GPC001']);
    await run(driver, { legg, gpc });
  } finally {
    await driver.quit();
  }
}

async function showAppointments(driver, practices) {
  await navigate(driver, 'appointments');
  await (await find(driver, '#show-appointments')).click();
  for (const ods of practices) {
    await waitForAttribute(driver, `[data-appointments-status="${ods}"]`, 'data-state', 'done');
  }
}

const row = (ods, id) => `[data-appointment="${ods}/${id}"]`;

test('view across two practices, amend, and a conflicting amend made by another client first', () =>
  withBookings(async (driver, { legg, gpc }) => {
    assert.equal(await (await find(driver, row('A20047', legg.id))).getAttribute('data-status'), 'booked');
    assert.equal(await (await find(driver, row('GPC001', gpc.id))).getAttribute('data-status'), 'booked');
    const text = await (await find(driver, '#view-heading')).findElement(By.xpath('..')).getText();
    assert.match(text, /from today/i, 'only future appointments are available through GP Connect');
    await screenshot(driver, 'appointments');
    await assertAccessible(driver, 'appointments');

    // Amend.
    await (await find(driver, `[data-amend="A20047/${legg.id}"]`)).click();
    await type(driver, '#amend-description', 'Asthma review (annual)');
    await (await find(driver, '#amend-save')).click();
    await driver.wait(async () => /Asthma review \(annual\)/.test(await (await find(driver, row('A20047', legg.id))).getText()), 20_000);

    // Another client changes it while the user edits: 409, what changed, apply again.
    await (await find(driver, `[data-amend="A20047/${legg.id}"]`)).click();
    await simulator().touchAppointment('A20047', legg.id, { description: 'Changed at the practice' });
    await type(driver, '#amend-description', 'Asthma and inhaler review');
    await (await find(driver, '#amend-save')).click();
    const conflict = await find(driver, '#amend-conflict', 20_000);
    assert.match(await conflict.getText(), /Changed at the practice/);
    await screenshot(driver, 'amend-conflict');
    await assertAccessible(driver, 'amend-conflict');
    await (await find(driver, '#amend-save')).click();
    await driver.wait(async () => /Asthma and inhaler review/.test(await (await find(driver, row('A20047', legg.id))).getText()), 20_000);
  }));

test('cancel with a reason, then the freed slot is offered again', () =>
  withBookings(async (driver, { gpc }) => {
    await (await find(driver, `[data-cancel="GPC001/${gpc.id}"]`)).click();
    await type(driver, '#cancel-reason', 'Patient unable to attend');
    await screenshot(driver, 'cancel');
    await (await find(driver, '#cancel-confirm')).click();
    await waitForAttribute(driver, row('GPC001', gpc.id), 'data-status', 'cancelled');
    await search(driver, ['GPC001']);
    await find(driver, `[data-slot-row="${gpc.key}"]`, 30_000);
  }));

test('reschedule: the new slot is booked, then the old appointment cancelled', () =>
  withBookings(async (driver, { legg }) => {
    await (await find(driver, `[data-reschedule="A20047/${legg.id}"]`)).click();
    await search(driver, ['R3B46']);
    await pickFirstSlot(driver, 'R3B46');
    // Minnie Dawes has no record at the hub: register her there first.
    if (!(await patientFound(driver))) {
      const { register } = await import('./flows.mjs');
      await register(driver);
    }
    await type(driver, '#reschedule-reason', 'Patient asked for an evening appointment');
    await confirmBooking(driver, 'Asthma review');
    await waitForAttribute(driver, '#reschedule-message', 'data-kind', 'rescheduled');
    await screenshot(driver, 'rescheduled');
    await assertAccessible(driver, 'rescheduled');
    await showAppointments(driver, ['A20047', 'R3B46']);
    assert.equal(await (await find(driver, row('A20047', legg.id))).getAttribute('data-status'), 'cancelled');
    const hub = await driver.findElements(By.css('[data-appointment^="R3B46/"][data-status="booked"]'));
    assert.equal(hub.length, 1);
  }));

test('a failure in the middle of a reschedule says the patient holds two appointments', () =>
  withBookings(async (driver, { legg, gpc }) => {
    await (await find(driver, `[data-reschedule="A20047/${legg.id}"]`)).click();
    await search(driver, ['GPC001']);
    await pickFirstSlot(driver, 'GPC001');
    assert.equal(await patientFound(driver), true);
    // Dr Legg's still reads but refuses writes: the old appointment cannot be cancelled.
    await simulator().setFaults('A20047', { write_status: 500 });
    await type(driver, '#reschedule-reason', 'Moving to the Demonstrator practice');
    await confirmBooking(driver, 'Asthma review');
    await waitForAttribute(driver, '#reschedule-message', 'data-kind', 'cancelFailed');
    const message = await (await find(driver, '#reschedule-message')).getText();
    assert.match(message, /two appointments/i);
    await screenshot(driver, 'reschedule-cancel-failed', '#reschedule-message');
    await assertAccessible(driver, 'reschedule-cancel-failed');
    // Once the practice accepts writes again, the old one can be cancelled from the message.
    await simulator().clearFaults('A20047');
    await (await find(driver, '#cancel-old-appointment')).click();
    await showAppointments(driver, ['A20047', 'GPC001']);
    await waitForAttribute(driver, row('A20047', legg.id), 'data-status', 'cancelled');
    const booked = await driver.findElements(By.css('[data-appointment^="GPC001/"][data-status="booked"]'));
    assert.equal(booked.length, 2, 'the earlier GPC001 appointment and the new one');
    assert.ok(gpc.id);
  }));
