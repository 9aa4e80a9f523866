// Issue 11, end to end: the patient panel starts with a trace on PDS. A caller without an NHS
// number is found by name, date of birth and postcode; their registered practice is
// preselected; the practice's record differs from PDS (they moved) and the difference is
// acknowledged before the booking is made. A sensitive patient sends no GP Connect request; a
// deceased patient cannot be booked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { By } from 'selenium-webdriver';
import { assertAccessible, find, screenshot, simulator, startApp, type } from './support.mjs';
import { confirmBooking, confirmationField, navigate, patientFound, pickFirstSlot, search, traced } from './flows.mjs';

async function withApp(run) {
  const { driver } = await startApp();
  try {
    await run(driver);
  } finally {
    await driver.quit();
  }
}

/** The practices ticked in the search form. */
async function ticked(driver) {
  const out = [];
  for (const box of await driver.findElements(By.css('input[name="practice"]'))) {
    if (await box.isSelected()) out.push(await box.getAttribute('value'));
  }
  return out;
}

/** GP Connect requests the simulator received whose interaction matches `pattern`. */
async function requestsFor(pattern) {
  return (await simulator().requests()).filter((r) => pattern.test(r.interactionId));
}

/** Those about a patient: find, register, appointments (not slots or capability statements). */
const patientRequests = () => requestsFor(/patient|appointment/i);

test('a caller without an NHS number: found on PDS, registered practice preselected, a difference acknowledged, booked', () =>
  withApp(async (driver) => {
    await navigate(driver, 'book');
    await type(driver, '#family-name', 'Banton');
    await type(driver, '#birth-date-day', '18');
    await type(driver, '#birth-date-month', '9');
    await type(driver, '#birth-date-year', '1955');
    await type(driver, '#postcode', 'DN16 1HQ');
    await (await find(driver, '#search-pds-button')).click();
    const matches = await find(driver, '#pds-matches ul', 30_000);
    const rows = await matches.findElements(By.css('li[data-nhs]'));
    assert.equal(rows.length, 1, 'one match on PDS');
    assert.doesNotMatch(await matches.getText(), /score/i);
    await (await rows[0].findElement(By.css('button'))).click();

    const summary = await traced(driver);
    const text = await summary.getText();
    assert.match(text, /Dolly/i);
    assert.match(text, /18 Sep 1955/);
    assert.match(text, /DN16 1HQ/);
    assert.match(text, /Dr Legg's Surgery \(A20047\)/);
    assert.match(text, /verified/i);
    assert.equal((await (await find(driver, '#nhs-number')).getAttribute('value')).replace(/\s/g, ''), '9476719958');
    await screenshot(driver, 'trace', '#patient-panel');
    await assertAccessible(driver, 'trace');

    // Her registered practice is ticked (and searched first).
    assert.ok((await ticked(driver)).includes('A20047'), 'the registered practice is ticked');
    await search(driver, ['A20047']);
    await pickFirstSlot(driver, 'A20047');
    assert.equal(await patientFound(driver), true);
    const difference = await find(driver, '#patient-at-practice [data-difference="address"]', 30_000);
    assert.match(await difference.getText(), /DN16 1HQ/);
    assert.match(await difference.getText(), /DN16 2BZ/);
    await screenshot(driver, 'trace-difference', '#patient-at-practice');

    // Not booked until the difference is acknowledged.
    await confirmBooking(driver, 'Medication review');
    const summaryBox = await find(driver, '#error-summary');
    assert.match(await summaryBox.getText(), /differences with the caller/);
    assert.equal((await driver.findElements(By.css('#booking-confirmation'))).length, 0);
    await (await find(driver, '#acknowledge-differences')).click();
    await (await find(driver, '#book-button')).click();
    await find(driver, '#booking-confirmation', 30_000);
    assert.match(await confirmationField(driver, 'nhsNumber'), /947 671 9958/);
    assert.match(await confirmationField(driver, 'practice'), /Dr Legg's Surgery/);
  }));

test('a sensitive patient: no address shown, and no GP Connect request sent', () =>
  withApp(async (driver) => {
    await navigate(driver, 'book');
    const before = (await patientRequests()).length;
    await type(driver, '#nhs-number', '947 611 3162');
    const summary = await traced(driver);
    assert.match(await summary.getText(), /GP Connect must not be used/);
    assert.match(await summary.getText(), /Not shown \(sensitive\)/);
    assert.doesNotMatch(await summary.getText(), /FERRIBY/i);
    // Their appointments are not asked for anywhere.
    await navigate(driver, 'appointments');
    await (await find(driver, '#show-appointments')).click();
    const error = await find(driver, '[data-code="PATIENT_SENSITIVE"]', 30_000);
    assert.match(await error.getText(), /nothing was sent/i);
    assert.equal((await patientRequests()).length, before, 'the simulator received no request about the patient');
    await assertAccessible(driver, 'trace-sensitive');
  }));

test('a deceased patient cannot be booked', () =>
  withApp(async (driver) => {
    await navigate(driver, 'book');
    await type(driver, '#nhs-number', '947 671 9974');
    const summary = await traced(driver);
    assert.equal(await summary.getAttribute('data-block'), 'deceased');
    assert.match(await summary.getText(), /deceased \(Tue 10 Jul 2007\)/);
    const before = (await requestsFor(/create:appointment/)).length;
    // No practice holds a record for him, and none is offered: no temporary registration.
    await search(driver, ['R3B46']);
    await pickFirstSlot(driver, 'R3B46');
    assert.equal(await patientFound(driver), false);
    const panel = await find(driver, '#patient-at-practice');
    assert.match(await panel.getText(), /cannot be registered or booked/);
    assert.equal((await driver.findElements(By.css('#registration-form'))).length, 0, 'no registration offered');
    // Confirm, where the screen offers it, is refused before anything is sent.
    const book = await driver.findElements(By.css('#book-button'));
    if (book.length > 0 && (await book[0].isDisplayed()) && (await book[0].isEnabled())) {
      await book[0].click();
      assert.match(await (await find(driver, '#error-summary')).getText(), /deceased/);
    }
    assert.equal((await driver.findElements(By.css('#booking-confirmation'))).length, 0);
    const after = (await requestsFor(/create:appointment/)).length;
    assert.equal(after, before, 'no booking sent');
  }));
