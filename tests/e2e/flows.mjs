// User flows shared by the end-to-end tests, written as a receptionist would do them.
import { By } from 'selenium-webdriver';
import { find, type, waitForAttribute } from './support.mjs';

export const DAWES = { nhs: '947 671 9931', family: 'Dawes', given: 'Minnie', dob: ['31', '5', '1952'] };

/** Types the caller's details into the patient panel; a valid NHS number is traced on PDS
 * first (its verified details fill the panel), then what the caller says is typed over them. */
export async function enterPatient(driver, { nhs, family, given, dob }) {
  await type(driver, '#nhs-number', nhs);
  if (family || given || dob) await traced(driver);
  if (family) await type(driver, '#family-name', family);
  if (given) await type(driver, '#given-name', given);
  if (dob) {
    await type(driver, '#birth-date-day', dob[0]);
    await type(driver, '#birth-date-month', dob[1]);
    await type(driver, '#birth-date-year', dob[2]);
  }
}

/** Waits until the NHS number entered is traced on PDS; returns the trace summary. */
export async function traced(driver) {
  await waitForAttribute(driver, '#trace-summary', 'data-traced', 'true');
  return find(driver, '#trace-summary');
}

/** Ticks exactly `practices`, searches, and waits until each has answered. */
export async function search(driver, practices) {
  await navigate(driver, 'book');
  for (const box of await driver.findElements(By.css('input[name="practice"]'))) {
    const wanted = practices.includes(await box.getAttribute('value'));
    if ((await box.isSelected()) !== wanted) await box.click();
  }
  await (await find(driver, '#search-button')).click();
  for (const ods of practices) {
    await driver.wait(async () => {
      // Read in the page at once: the rows are redrawn as practices answer.
      const row = await driver.executeScript(
        'const r = document.querySelector(`[data-practice-status="${arguments[0]}"]`);'
          + ' return r ? { state: r.getAttribute("data-state"), text: r.textContent } : null;',
        ods,
      );
      if (!row) return false;
      if (row.state === 'failed' || row.state === 'timeout') {
        throw new Error(`${ods} did not answer the search: ${row.state}: ${row.text}`);
      }
      return row.state === 'done' || row.state === 'empty';
    }, 60_000, `${ods} answered`);
  }
}

/** Shows the results as `view`: board, day or list. */
export async function showResults(driver, view) {
  await (await find(driver, `[data-results-view="${view}"]`)).click();
  await find(driver, view === 'list' ? '#slot-list' : view === 'day' ? '#day-view' : '#board');
}

/** Selects the earliest free slot of `ods` in the list; returns its `ODS/slotId` key. */
export async function pickFirstSlot(driver, ods) {
  if ((await driver.findElements(By.css('#slot-list'))).length === 0) await showResults(driver, 'list');
  const rows = await driver.wait(async () => {
    const found = await driver.findElements(By.css(`[data-slot-row^="${ods}/"]`));
    return found.length > 0 ? found : null;
  }, 30_000, `a slot at ${ods}`);
  const key = await rows[0].getAttribute('data-slot-row');
  await rows[0].click();
  await find(driver, `[data-selected-slot="${key}"]`);
  return key;
}

/** Waits for the patient lookup at the chosen practice; returns whether a record was found. */
export async function patientFound(driver) {
  const panel = await driver.wait(async () => {
    const found = await driver.findElements(By.css('#patient-at-practice[data-found]'));
    return found.length > 0 ? found[0] : null;
  }, 30_000, 'the patient lookup');
  return (await panel.getAttribute('data-found')) === 'true';
}

/** Registers temporarily with the form as PDS filled it (name, birth, gender, address), adding
 * a mobile number. */
export async function register(driver) {
  await find(driver, '#registration-form');
  const postcode = await (await find(driver, '#reg-postcode')).getAttribute('value');
  if (!postcode) throw new Error('the registration form was not filled from the PDS record');
  await type(driver, '#reg-mobile', '07700 900123');
  await (await find(driver, '#register-button')).click();
  await waitForAttribute(driver, '#patient-at-practice', 'data-found', 'true');
}

/** Enters the description (and comment) and confirms the booking. */
export async function confirmBooking(driver, description, comment) {
  await type(driver, '#description', description);
  if (comment) await type(driver, '#comment', comment);
  await (await find(driver, '#book-button')).click();
}

/** The text of a confirmation field. */
export async function confirmationField(driver, name) {
  return (await find(driver, `#booking-confirmation [data-field="${name}"]`)).getText();
}

/** Goes to a top-level view: book, appointments or settings. */
export async function navigate(driver, view) {
  await (await find(driver, `[data-nav="${view}"]`)).click();
}

/** Books the earliest slot at `ods` for Minnie Dawes (registering her there if needed);
 * returns the slot key and the appointment id. */
export async function bookFirstSlot(driver, ods, description) {
  await search(driver, [ods]);
  const key = await pickFirstSlot(driver, ods);
  if (!(await patientFound(driver))) await register(driver);
  await confirmBooking(driver, description);
  await find(driver, '#booking-confirmation', 30_000);
  const id = await confirmationField(driver, 'appointmentId');
  await (await find(driver, '#book-another')).click();
  return { key, id: id.trim() };
}
