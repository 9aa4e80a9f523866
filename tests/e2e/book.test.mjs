// Issue 4, end to end: the real app, its results, patient panel, registration, booking and
// confirmation, against the in-process simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { By } from 'selenium-webdriver';
import { assertAccessible, find, screenshot, simulator, startApp, waitForAttribute } from './support.mjs';
import { DAWES, confirmBooking, confirmationField, enterPatient, navigate, patientFound, pickFirstSlot, register, search, showResults } from './flows.mjs';

async function withApp(run) {
  const { driver } = await startApp();
  try {
    await run(driver);
  } finally {
    await driver.quit();
  }
}

test('(a) two practices, two adjacent slots, temporary registration, booked and confirmed', () =>
  withApp(async (driver) => {
    await enterPatient(driver, DAWES);
    // Minnie Dawes is registered at Dr Legg's (A20047) only: book at the Demonstrator practice.
    await search(driver, ['GPC001', 'R3B46']);
    await showResults(driver, 'list');
    await screenshot(driver, 'list', '#results-heading');
    await assertAccessible(driver, 'list');

    const first = await pickFirstSlot(driver, 'GPC001');
    await (await find(driver, '#add-next-slot')).click();
    const selected = await driver.findElements(By.css('[data-selected-slot]'));
    assert.equal(selected.length, 2, 'two adjacent slots selected');

    assert.equal(await patientFound(driver), false, 'no record at GPC001');
    await screenshot(driver, 'registration', '#booking-panel');
    await assertAccessible(driver, 'registration');
    await register(driver);

    await confirmBooking(driver, 'Blood pressure review', 'Prefers mornings');
    await find(driver, '#booking-confirmation', 30_000);
    await screenshot(driver, 'confirmation', '#booking-panel');
    await assertAccessible(driver, 'confirmation');
    assert.match(await confirmationField(driver, 'appointmentId'), /\S/);
    assert.match(await confirmationField(driver, 'practice'), /GP Connect Demonstrator Practice/);
    assert.match(await confirmationField(driver, 'nhsNumber'), /947 671 9931/);
    assert.match(await confirmationField(driver, 'description'), /Blood pressure review/);
    assert.match(await confirmationField(driver, 'comment'), /Prefers mornings/);
    assert.match(await confirmationField(driver, 'bookingOrganisation'), /Y90001/);
    assert.match(await confirmationField(driver, 'location'), /\S/);
    assert.match(await confirmationField(driver, 'deliveryChannel'), /In-person|Telephone|Video/);
    // Two 10-minute slots: one 20-minute appointment.
    const start = await confirmationField(driver, 'start');
    const end = await confirmationField(driver, 'end');
    const minutes = (t) => {
      const [, h, m] = /(\d{2}):(\d{2})/.exec(t);
      return Number(h) * 60 + Number(m);
    };
    assert.equal(minutes(end) - minutes(start), 20, `${start} to ${end}`);
    assert.match(end, /20 minutes/);
    assert.ok(first.startsWith('GPC001/'));
  }));

test('(b) the slot is taken by another client in between: 409 message and a refreshed calendar', () =>
  withApp(async (driver) => {
    const sim = simulator();
    await enterPatient(driver, DAWES);
    await search(driver, ['A20047']);
    const key = await pickFirstSlot(driver, 'A20047');
    assert.equal(await patientFound(driver), true);
    await sim.takeSlot('A20047', key.split('/')[1]);
    await confirmBooking(driver, 'Asthma review');
    await waitForAttribute(driver, '#booking-message', 'data-code', 'DUPLICATE_REJECTED');
    await driver.wait(async () => (await driver.findElements(By.css(`[data-slot-row="${key}"]`))).length === 0,
      30_000, 'the taken slot disappears after the practice is searched again');
    await screenshot(driver, 'slot-taken');
    await assertAccessible(driver, 'slot-taken');
    assert.match(await (await find(driver, '#booking-message')).getText(), /just taken/i);
  }));

test('(c) a lost booking response is reconciled by reading: booked once, not twice', () =>
  withApp(async (driver) => {
    const sim = simulator();
    await enterPatient(driver, DAWES);
    await search(driver, ['A20047']);
    const key = await pickFirstSlot(driver, 'A20047');
    assert.equal(await patientFound(driver), true);
    await sim.setFaults('A20047', { drop_after_booking: true });
    await confirmBooking(driver, 'Medication review');
    await waitForAttribute(driver, '#booking-message', 'data-code', 'reconciled');
    await find(driver, '#booking-confirmation');
    await screenshot(driver, 'reconciled');
    await sim.clearFaults('A20047');
    // The patient's appointments hold exactly one appointment for that slot.
    await navigate(driver, 'appointments');
    await (await find(driver, '#show-appointments')).click();
    await waitForAttribute(driver, '[data-appointments-status="A20047"]', 'data-state', 'done');
    const rows = await driver.findElements(By.css('[data-appointment^="A20047/"]'));
    assert.equal(rows.length, 1, 'one appointment, not two');
    assert.equal(await rows[0].getAttribute('data-status'), 'booked');
    assert.ok(key.startsWith('A20047/'));
  }));

test('(d) an invalid NHS number is refused inline', () =>
  withApp(async (driver) => {
    await enterPatient(driver, { nhs: '900 000 0008' });
    await (await find(driver, '#family-name')).click();
    const error = await find(driver, '#nhs-number-error');
    assert.match(await error.getText(), /NHS number/i);
    assert.equal(await (await find(driver, '#nhs-number')).getAttribute('aria-invalid'), 'true');
    await screenshot(driver, 'invalid-nhs-number');
    await assertAccessible(driver, 'invalid-nhs-number');
    await enterPatient(driver, { nhs: '947 671 9931' });
    await (await find(driver, '#family-name')).click();
    await driver.wait(async () => (await driver.findElements(By.css('#nhs-number-error'))).length === 0, 5_000);
  }));
