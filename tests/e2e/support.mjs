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

/** Starts the app and waits until the Book screen is interactive. Returns the driver and the
 * milliseconds from asking for the session to the app being ready. */
export async function startApp(env = {}) {
  const started = Date.now();
  const driver = await new Builder()
    .usingServer('http://127.0.0.1:4444/')
    .withCapabilities({
      browserName: 'wry',
      'tauri:options': { application: APP, env },
    })
    .build();
  await driver.wait(until.elementLocated(By.css('main[data-app-ready="true"]')), 60_000);
  return { driver, readyMs: Date.now() - started };
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
