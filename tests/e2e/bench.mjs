// Desktop benchmark (prints numbers; not a timed test). Run through `tests/e2e/run.sh --bench`,
// which starts the app in demo mode with synthetic practices (GPC_DEMO_SYNTHETIC, 50 here).
//  1. Start-up: from asking tauri-driver for a session (which launches the app) to the Book
//     screen being interactive with its practices, and the page's own share of it: from
//     navigation to the Book screen drawn (target: at most 250 ms), and to the backend's
//     status (practices, certificate) drawn as well.
//  2. A 2-week search of every practice, their latencies spread from 50 ms to 2 s (set through
//     the simulator's admin API): the first board row after the first answer arrived (target:
//     within 50 ms), and the board, then the day view, drawn after the last answer (target: at
//     most 200 ms each), with how many slots they held.
import { By } from 'selenium-webdriver';
import { find, simulator, startApp } from './support.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const runs = 5;
const startups = [];
const inPage = [];
const withStatus = [];
for (let i = 0; i < runs; i++) {
  const { driver, readyMs } = await startApp();
  startups.push(readyMs);
  // The page marks itself ready on the frame after the Book screen is drawn.
  await driver.wait(() => driver.executeScript('return window.__gpcMetrics?.statusMs ?? null'), 10_000);
  const m = await driver.executeScript('return window.__gpcMetrics');
  inPage.push(m.readyMs);
  withStatus.push(m.statusMs);
  await driver.quit();
}
console.log(`start-up to interactive: median ${median(startups)} ms over ${runs} launches ` +
  `(${startups.join(', ')}); of which in the page: median ${Math.round(median(inPage))} ms (target <= 250; ` +
  `the practices, from the backend's status, drawn at ${Math.round(median(withStatus))} ms)`);

/** Latencies from 50 ms to 2 s, evenly spread, in a fixed shuffled order (as the Rust bench). */
function spread(count) {
  const step = (2000 - 50) / (count - 1);
  const sorted = Array.from({ length: count }, (_, i) => 50 + Math.floor(i * step));
  return sorted.map((_, i) => sorted[(i * 17 + 3) % count]);
}

/** Searches every practice over 2 weeks with `view` shown; returns the page's metrics. */
async function searchOnce(view) {
  const { driver } = await startApp();
  try {
    const sim = simulator();
    const practices = await sim.practices();
    const latencies = spread(practices.length);
    await Promise.all(practices.map((p, i) => sim.setFaults(p.ods_code, { latency_ms: latencies[i] })));
    await (await find(driver, `[data-results-view="${view}"]`)).click();
    await (await find(driver, '[data-preset="2weeks"]')).click();
    await find(driver, 'input[name="practice"]');
    const all = await find(driver, '#practice-all');
    if (!(await all.isSelected())) await all.click();
    await (await find(driver, '#search-button')).click();
    // Counted in the page (the rows are redrawn as practices answer).
    await driver.wait(() => driver.executeScript(`
      const rows = document.querySelectorAll('[data-practice-status]');
      const waiting = document.querySelectorAll(
        '[data-practice-status][data-state="queued"], [data-practice-status][data-state="searching"]');
      return rows.length > 0 && waiting.length === 0;`), 180_000, 'every practice answered');
    await driver.sleep(1000); // let the last frame land
    const metrics = await driver.executeScript('return window.__gpcMetrics');
    return { ...metrics, practices: practices.length };
  } finally {
    await driver.quit();
  }
}

// Each search in a fresh app, so every render starts from empty results.
for (const view of ['board', 'day']) {
  const renders = [];
  const firstRows = [];
  let slots = 0;
  let practices = 0;
  for (let i = 0; i < runs; i++) {
    const m = await searchOnce(view);
    renders.push(m.lastRenderMs);
    if (m.firstRowMs !== null) firstRows.push(m.firstRowMs);
    slots = m.lastRenderSlots;
    practices = m.practices;
  }
  console.log(`${view}: ${practices} practices, 2 weeks, ${slots} slots: drawn ${Math.round(median(renders))} ms after the last answer ` +
    `(median of ${runs}: ${renders.map((r) => Math.round(r)).join(', ')}; target <= 200)`);
  if (view === 'board') {
    console.log(`board: first row ${median(firstRows)} ms after the first answer arrived ` +
      `(median of ${runs}: ${firstRows.join(', ')}; target <= 50)`);
  }
}
