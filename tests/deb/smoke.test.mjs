// The installed app (from the .deb) starts and shows itself: run by tests/deb/smoke.sh through
// the end-to-end harness, with GPC_APP_BINARY pointing at the installed binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { find, screenshot, startApp } from '../e2e/support.mjs';

test('the installed app starts in demo mode and shows the Book screen', async () => {
  const { driver, readyMs } = await startApp();
  try {
    assert.equal(await driver.getTitle(), 'GP Connect Booking');
    assert.match(await (await find(driver, '#demo-banner')).getText(), /Demo mode/);
    await find(driver, '#search-button');
    await screenshot(driver, 'deb-installed-app');
    console.log(`installed app ready in ${readyMs} ms: ${process.env.GPC_APP_BINARY}`);
  } finally {
    await driver.quit();
  }
});
