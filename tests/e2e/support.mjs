// Shared helpers for the end-to-end tests: start the real app through tauri-driver, reach
// its in-process simulator's admin API over mutual TLS, check accessibility with axe-core,
// and save screenshots.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import https from 'node:https';
import path from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const SHOTS = process.env.GPC_SCREENSHOTS ?? path.resolve('target/e2e-screenshots');
const APP = process.env.GPC_APP_BINARY ?? path.resolve('target/debug/gp-connect-booking');
const IDENTIFIER = 'uk.nhs.gpconnect.booking';

export { By, until };

/** Dr Claire Jones, GP at Y90001: the stand-in's demo user the tests sign in as. */
export const JONES = '555000000001:555000000101';

/** Starts the app, signs in (unless `signIn` is false) and waits until the Book screen is
 * interactive. Every test signs in through the simulator's CIS2 stand-in: one click on a
 * demo user runs the real code flow (PKCE, the demo client's signed assertion, the ID-token
 * checks). Returns the driver and the milliseconds from asking for the session to the
 * sign-in screen and Book screen being ready (before signing in). */
export async function startApp(env = {}, { signIn = true } = {}) {
  const started = Date.now();
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${process.env.GPC_DRIVER_PORT ?? 4444}/`)
    .withCapabilities({
      browserName: 'wry',
      'tauri:options': { application: APP, env },
    })
    .build();
  await driver.wait(until.elementLocated(By.css('#sign-in')), 60_000);
  await driver.wait(until.elementLocated(By.css('main[data-app-ready="true"]')), 60_000);
  const readyMs = Date.now() - started;
  if (signIn) await signInDemo(driver, JONES);
  return { driver, readyMs };
}

/** Signs in with one click as the demo user and role `key` (`uid:roleId`) and waits until
 * the sign-in is gone. */
export async function signInDemo(driver, key) {
  const button = await driver.wait(
    until.elementLocated(By.css(`[data-demo-sign-in="${key}"]`)),
    30_000,
  );
  await button.click();
  await driver.wait(async () => (await driver.findElements(By.css('#sign-in'))).length === 0, 30_000, 'signed in');
}

/** The simulator's CIS2 stand-in: its issuer (from the simulator's profile) and its control
 * of token lifetimes. */
export function cis2() {
  const profile = readFileSync(path.join(simulatorDir(), 'gpc-profile.toml'), 'utf8');
  const issuer = /\[cis2\][^[]*?issuer = "([^"]+)"/s.exec(profile)?.[1];
  if (!issuer) throw new Error('no [cis2] issuer in the simulator profile');
  const base = new URL(issuer).origin;
  return {
    issuer,
    setTokenLifetime: async (seconds) => {
      const response = await fetch(`${base}/admin/token-lifetime`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds }),
      });
      if (!response.ok) throw new Error(`token lifetime: ${response.status}`);
    },
  };
}

/** Plays the user's browser on the stand-in's sign-in page at `url`: reads the form, chooses
 * `key` (`uid:roleId`), posts it, and follows the redirect to the app's loopback listener. */
export async function answerSignInPage(url, key) {
  const page = await fetch(url, { redirect: 'manual' });
  if (!page.ok) throw new Error(`sign-in page: ${page.status}`);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.append(name, value.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&'));
  }
  if (!html.includes(`value="${key}"`)) throw new Error(`the sign-in page offers no ${key}`);
  form.append('choice', key);
  form.append('action', 'sign-in');
  const posted = await fetch(url.split('?')[0], { method: 'POST', body: form, redirect: 'manual' });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location) throw new Error(`no redirect after the choice: ${posted.status}`);
  const back = await fetch(location);
  if (!back.ok) throw new Error(`the app's redirect URI answered ${back.status}`);
}

/** The running simulator's data directory (certificates and gpc profile). */
function simulatorDir() {
  const data = process.env.XDG_DATA_HOME ?? path.join(process.env.HOME, '.local/share');
  return path.join(data, IDENTIFIER, 'simulator');
}

/** The simulator's admin API, over mutual TLS with the demo credentials. */
export function simulator() {
  const dir = simulatorDir();
  const profile = readFileSync(path.join(dir, 'gpc-profile.toml'), 'utf8');
  const base = /ssp_url = "([^"]+)"/.exec(profile)?.[1];
  if (!base) throw new Error('no ssp_url in the simulator profile');
  const tls = {
    cert: readFileSync(path.join(dir, 'client.pem')),
    key: readFileSync(path.join(dir, 'client-key.pem')),
    ca: readFileSync(path.join(dir, 'ca.pem')),
  };
  const call = (method, url, body) =>
    new Promise((resolve, reject) => {
      const request = https.request(
        `${base}/admin${url}`,
        { method, ...tls, headers: { 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () =>
            response.statusCode < 300
              ? resolve(text ? JSON.parse(text) : null)
              : reject(new Error(`${method} ${url}: ${response.statusCode} ${text}`)),
          );
        },
      );
      request.on('error', reject);
      if (body !== undefined) request.write(JSON.stringify(body));
      request.end();
    });
  return {
    base,
    practices: () => call('GET', '/practices'),
    /** The GP Connect requests received, oldest first (ODS code, interaction ID, who asked). */
    requests: () => call('GET', '/requests'),
    setFaults: (ods, faults) => call('PUT', `/practices/${ods}/faults`, faults),
    clearFaults: (ods) => call('DELETE', `/practices/${ods}/faults`),
    takeSlot: (ods, slot) => call('POST', `/practices/${ods}/slots/${slot}/take`),
    touchAppointment: (ods, id, change) => call('POST', `/practices/${ods}/appointments/${id}/touch`, change),
    addVisit: (ods, nhsNumber) => call('POST', `/practices/${ods}/visits`, { nhs_number: nhsNumber }),
  };
}

/** Runs axe-core in the page; fails on any serious or critical violation. */
export async function assertAccessible(driver, screen) {
  const present = await driver.executeScript('return typeof window.axe !== "undefined"');
  if (!present) await driver.executeScript(AXE);
  const violations = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.axe.run(document, { resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))))
      .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));
  `);
  writeFileSync(path.join(SHOTS, `${screen}.axe.json`), JSON.stringify(violations, null, 2));
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    throw new Error(`${screen}: accessibility violations\n${JSON.stringify(serious, null, 2)}`);
  }
}

/** Saves a screenshot of the window as target/e2e-screenshots/<name>.png, after scrolling
 * `scrollTo` (a CSS selector) into view when given. */
export async function screenshot(driver, name, scrollTo) {
  if (!existsSync(SHOTS)) mkdirSync(SHOTS, { recursive: true });
  if (scrollTo) {
    await driver.executeScript(
      'document.querySelector(arguments[0])?.scrollIntoView({ block: "start" })',
      scrollTo,
    );
  }
  await driver.sleep(500); // the frame after a DOM change can lag (platform notes)
  writeFileSync(path.join(SHOTS, `${name}.png`), await driver.takeScreenshot(), 'base64');
}

/** Waits for an element matching `css` and returns it. */
export async function find(driver, css, timeout = 20_000) {
  return driver.wait(until.elementLocated(By.css(css)), timeout);
}

/** Waits until `css` has attribute `name` equal to `value`. */
export async function waitForAttribute(driver, css, name, value, timeout = 30_000) {
  await driver.wait(async () => {
    const elements = await driver.findElements(By.css(css));
    if (elements.length === 0) return false;
    return (await elements[0].getAttribute(name)) === value;
  }, timeout, `${css}[${name}=${value}]`);
}

/** Types into an input after clearing it. */
export async function type(driver, css, text) {
  const input = await find(driver, css);
  await input.clear();
  await input.sendKeys(text);
  return input;
}
