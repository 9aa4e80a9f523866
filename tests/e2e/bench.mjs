// Desktop benchmark (prints numbers; not a timed test). Run through `tests/e2e/run.sh --bench`,
// which starts the app in demo mode with 20 synthetic practices.
//  1. Start-up: from asking tauri-driver for a session (which launches the app) to the
//     calendar being interactive, and the page's own share of it.
//  2. Render: a 2-week search of all 20 practices (several thousand slots), from the last
//     practice's answer to the frame after the calendar and list have drawn.
import { By } from 'selenium-webdriver';
import { find, startApp } from './support.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const runs = 5;
const startups = [];
const inPage = [];
for (let i = 0; i < runs; i++) {
  const { driver, readyMs } = await startApp();
  startups.push(readyMs);
  inPage.push((await driver.executeScript('return window.__gpcMetrics')).calendarReadyMs);
  await driver.quit();
}
console.log(`start-up to interactive calendar: median ${median(startups)} ms over ${runs} launches ` +
  `(${startups.join(', ')}); of which in the page: median ${Math.round(median(inPage))} ms`);

// Each search in a fresh app, so every render starts from an empty calendar.
const renders = [];
let slots = 0;
for (let i = 0; i < runs; i++) {
  const { driver } = await startApp();
  try {
    await (await find(driver, '[data-preset="2weeks"]')).click();
    await find(driver, 'input[name="practice"]'); // the practice list loads after the form
    for (const box of await driver.findElements(By.css('input[name="practice"]'))) {
      if (!(await box.isSelected())) await box.click();
    }
    const practices = (await driver.findElements(By.css('input[name="practice"]'))).length;
    await (await find(driver, '#search-button')).click();
    await driver.wait(async () => {
      const done = await driver.findElements(By.css('[data-practice-status][data-state="done"]'));
      return done.length === practices;
    }, 120_000, 'every practice answered');
    await driver.sleep(1000); // let the last frame land
    const m = await driver.executeScript('return window.__gpcMetrics');
    renders.push(m.lastRenderMs);
    slots = m.lastRenderSlots;
    if (i === 0) console.log(`search answered by ${practices} practices`);
  } finally {
    await driver.quit();
  }
}
console.log(`render ${slots} slots once the data has arrived: median ${Math.round(median(renders))} ms over ${runs} searches ` +
  `(${renders.map((r) => Math.round(r)).join(', ')})`);
