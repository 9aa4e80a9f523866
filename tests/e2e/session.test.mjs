// Issue 10, end to end: sign in with NHS CIS2 through the system-browser path (the test plays
// the browser on the simulator's stand-in page), book, sign out, and sign in again with what
// was typed kept; a session that expires asks to sign in at the next action, keeping the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { By } from 'selenium-webdriver';
import {
  JONES,
  answerSignInPage,
  assertAccessible,
  cis2,
  find,
  screenshot,
  signInDemo,
  startApp,
  type,
} from './support.mjs';
import { DAWES, confirmBooking, enterPatient, patientFound, pickFirstSlot, register, search } from './flows.mjs';

/** Where the app's "system browser" (tests/e2e/browser.sh, set by run.sh) leaves the
 * sign-in address. */
const URL_FILE = process.env.GPC_BROWSER_URL_FILE;

async function waitForFile(driver, file) {
  await driver.wait(() => existsSync(file), 30_000, 'the app opened the browser');
  return readFileSync(file, 'utf8');
}

async function signInShown(driver) {
  return (await driver.findElements(By.css('#sign-in'))).length > 0;
}

async function value(driver, css) {
  return (await find(driver, css)).getAttribute('value');
}

test('sign in through the browser, book, sign out, and sign in again with the form kept', async () => {
  assert.ok(URL_FILE, 'run by tests/e2e/run.sh, which sets GPC_BROWSER');
  rmSync(URL_FILE, { force: true });
  const { driver } = await startApp({}, { signIn: false });
  try {
    // The sign-in covers the app on start.
    const dialog = await find(driver, '#sign-in');
    assert.match(await dialog.getText(), /Environment: Demo/);
    await screenshot(driver, 'sign-in');
    await assertAccessible(driver, 'sign-in');

    // NHS CIS2 through the "system browser": the test answers the stand-in's page.
    await (await find(driver, '#sign-in-cis2')).click();
    await find(driver, '#sign-in-waiting');
    const url = await waitForFile(driver, URL_FILE);
    assert.match(url, /\/authorize\?/);
    assert.match(url, /code_challenge_method=S256/);
    assert.match(url, /nonce=/);
    await answerSignInPage(url, JONES);
    await driver.wait(async () => !(await signInShown(driver)), 30_000, 'signed in');
    assert.match(await (await find(driver, '#banner-user')).getText(), /Dr Claire Jones, General Medical Practitioner Access Role/);

    // Book.
    await enterPatient(driver, DAWES);
    await search(driver, ['A20047']);
    await pickFirstSlot(driver, 'A20047');
    if (!(await patientFound(driver))) await register(driver);
    await confirmBooking(driver, 'Booked after signing in');
    await find(driver, '#booking-confirmation', 30_000);

    // Sign out: the sign-in covers the screen; what was typed is kept for the next user
    // session of the same person.
    await type(driver, '#family-name', 'Dawes-Kept');
    await (await find(driver, '#sign-out')).click();
    assert.match(await (await find(driver, '#sign-in-reason')).getText(), /You signed out/);
    await screenshot(driver, 'signed-out');
    await signInDemo(driver, JONES);
    assert.equal(await value(driver, '#family-name'), 'Dawes-Kept');
  } finally {
    await driver.quit();
  }
});

test('an expired session asks to sign in at the next action and keeps the form', async () => {
  const { driver } = await startApp({}, { signIn: false });
  try {
    const standIn = cis2();
    await standIn.setTokenLifetime(6);
    await signInDemo(driver, JONES);
    await enterPatient(driver, DAWES);
    await driver.sleep(7_000);
    await type(driver, '#family-name', 'Typed-After-Expiry');
    // The next action is refused before anything is sent, and the sign-in says why.
    await (await find(driver, '#search-button')).click();
    const reason = await find(driver, '#sign-in-reason');
    assert.match(await reason.getText(), /expired/);
    await standIn.setTokenLifetime(3600);
    await signInDemo(driver, JONES);
    assert.equal(await value(driver, '#family-name'), 'Typed-After-Expiry');
    assert.equal((await value(driver, '#nhs-number')).replace(/\s/g, ''), '9476719931');
    // Signed in again, the same search now runs.
    await search(driver, ['A20047']);
  } finally {
    await driver.quit();
  }
});
