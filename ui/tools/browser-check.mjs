// Drives the built UI (fake backend) in headless Chromium: searches many practices, reads
// window.__gpcMetrics, runs axe-core on each screen and saves screenshots.
//
//   npm run build:ui && npx vite preview --config ui/vite.config.ts &
//   node ui/tools/browser-check.mjs [practices=20] [outDir=/tmp/gpc-shots]
//
// Needs chromium and chromedriver on the PATH (Debian: apt-get install chromium chromium-driver).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Builder, By, Key, until } from "selenium-webdriver";
import chrome from "selenium-webdriver/chrome.js";

const require = createRequire(import.meta.url);
const practices = Number(process.argv[2] ?? 20);
const out = process.argv[3] ?? "/tmp/gpc-shots";
const base = process.env.GPC_URL ?? "http://localhost:4173/";
mkdirSync(out, { recursive: true });
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const options = new chrome.Options()
  .addArguments(
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--window-size=1440,920",
    "--lang=en-GB",
  )
  .setChromeBinaryPath(process.env.CHROME_BIN ?? "/usr/bin/chromium");
const service = new chrome.ServiceBuilder(process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver");
const driver = await new Builder()
  .forBrowser("chrome")
  .setChromeOptions(options)
  .setChromeService(service)
  .build();

async function shot(name) {
  writeFileSync(`${out}/${name}.png`, await driver.takeScreenshot(), "base64");
}

async function axe(name) {
  await driver.executeScript(axeSource);
  const result = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    axe.run(document, { resultTypes: ["violations"] }).then((r) => done(r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    })))).catch((e) => done([{ id: "axe-error", impact: "critical", help: String(e) }]));`);
  const serious = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  console.log(`axe ${name}: ${result.length} violations, ${serious.length} serious/critical`);
  for (const v of result)
    console.log(`  [${v.impact}] ${v.id}: ${v.help} ${JSON.stringify(v.nodes)}`);
  return serious.length;
}

let failures = 0;
try {
  await driver.get(
    `${base}?practices=${practices}&delay=300&callDelay=100&slow=SIM007&fail=GPC001`,
  );
  await driver.wait(until.elementLocated(By.css('#calendar[data-ready="true"]')), 20000);
  failures += await axe("book-empty");
  await shot("01-book-empty");

  await driver.findElement(By.id("nhs-number")).sendKeys("9476719931");
  await driver.findElement(By.id("family-name")).sendKeys("Jackson");
  const started = Date.now();
  await driver.findElement(By.id("search-button")).click();
  await driver.wait(async () => {
    const rows = await driver.findElements(
      By.css('[data-practice-status][data-state="searching"]'),
    );
    return rows.length === 0;
  }, 30000);
  await driver.sleep(600);
  const metrics = await driver.executeScript("return window.__gpcMetrics");
  console.log(
    `search of ${practices} practices: ${Date.now() - started} ms wall clock; metrics`,
    metrics,
  );
  await shot("02-book-results");
  await driver.manage().window().setRect({ width: 1440, height: 2000 });
  await driver.sleep(300);
  await shot("02b-book-full");
  await driver.manage().window().setRect({ width: 1440, height: 920 });
  failures += await axe("book-results");

  // Choose the first list row, extend it, look up the patient.
  const first = await driver.findElement(By.css("[data-slot-row]"));
  await first.click();
  const lookup = await driver.wait(
    until.elementLocated(By.css("#patient-at-practice[data-found]")),
    10000,
  );
  if ((await lookup.getAttribute("data-found")) === "false") {
    // No record at that practice: register temporarily.
    await shot("03a-registration");
    failures += await axe("registration");
    await driver.findElement(By.id("reg-family")).sendKeys("Jackson");
    await driver.findElement(By.id("reg-birth-day")).sendKeys("1");
    await driver.findElement(By.id("reg-birth-month")).sendKeys("2");
    await driver.findElement(By.id("reg-birth-year")).sendKeys("1980");
    await driver.findElement(By.id("reg-given")).sendKeys("Jane");
    await driver.findElement(By.id("register-button")).click();
    await driver.wait(
      until.elementLocated(By.css('#patient-at-practice[data-found="true"]')),
      10000,
    );
  }
  const next = await driver.findElements(By.id("add-next-slot"));
  if (next.length > 0) await next[0].click();
  await driver.findElement(By.id("description")).sendKeys("Asthma review");
  await shot("03-book-selected");
  failures += await axe("book-selected");
  await driver.findElement(By.id("book-button")).click();
  await driver.wait(until.elementLocated(By.id("booking-confirmation")), 10000);
  await shot("04-confirmation");
  failures += await axe("confirmation");

  // Keyboard: focus a calendar event and choose it with Enter.
  await driver.findElement(By.id("book-another")).click();
  const event = await driver.findElement(By.css("#calendar .fc-event[data-slot]"));
  await driver.executeScript("arguments[0].focus()", event);
  await driver.switchTo().activeElement().sendKeys(Key.ENTER);
  await driver.wait(until.elementLocated(By.css("[data-selected-slot]")), 5000);

  // Filters re-render everything: time it.
  const t = await driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    const select = document.getElementById("filter-deliveryChannel");
    const start = performance.now();
    select.value = select.options[1].value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));`);
  console.log(`filter change to next frame: ${Math.round(t)} ms`);

  await driver.findElement(By.css('[data-nav="appointments"]')).click();
  await driver.findElement(By.id("show-appointments")).click();
  await driver.wait(until.elementLocated(By.css("[data-appointment]")), 10000);
  await driver.sleep(800);
  await shot("05-appointments");
  failures += await axe("appointments");
  const amend = await driver.findElement(By.css("[data-amend]"));
  await amend.click();
  await driver.executeScript("window.__gpcFake.modes.amend = 'conflict'");
  await driver.findElement(By.id("amend-save")).click();
  await driver.wait(until.elementLocated(By.id("amend-conflict")), 5000);
  await shot("06-amend-conflict");
  failures += await axe("amend-conflict");

  await driver.findElement(By.css('[data-nav="settings"]')).click();
  await driver.wait(until.elementLocated(By.id("settings-organisation-odsCode")), 5000);
  // WebDriver's Clear sets the value without an input event: the field's blur handler must
  // still bring it into the app's state.
  await driver.findElement(By.id("settings-organisation-odsCode")).clear();
  await driver.findElement(By.id("save-settings")).click();
  await driver.wait(until.elementLocated(By.id("error-summary")), 5000);
  await shot("07-settings-errors");
  failures += await axe("settings");

  await driver.manage().window().setRect({ width: 1024, height: 700 });
  await driver.findElement(By.css('[data-nav="book"]')).click();
  await driver.sleep(500);
  await shot("08-book-1024");
  failures += await axe("book-1024");
} finally {
  const logs = await driver
    .manage()
    .logs()
    .get("browser")
    .catch(() => []);
  for (const entry of logs)
    if (entry.level.name === "SEVERE") console.log("console:", entry.message);
  await driver.quit();
}
console.log(
  failures === 0
    ? "no serious or critical axe violations"
    : `${failures} serious/critical axe violations`,
);
process.exit(failures === 0 ? 0 : 1);
