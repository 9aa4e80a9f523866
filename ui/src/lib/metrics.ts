/**
 * Timings the end-to-end tests read: `window.__gpcMetrics`.
 * - calendarReadyMs: `performance.now()` when the calendar first became interactive;
 * - lastRenderMs: from the moment the last search event arrived to the next animation frame
 *   after the calendar and the list rendered it;
 * - lastRenderSlots: how many slots that render showed.
 */
export type GpcMetrics = {
  calendarReadyMs: number | null;
  lastRenderMs: number | null;
  lastRenderSlots: number | null;
};

declare global {
  interface Window {
    __gpcMetrics?: GpcMetrics;
  }
}

export function metrics(): GpcMetrics {
  if (!window.__gpcMetrics) {
    window.__gpcMetrics = { calendarReadyMs: null, lastRenderMs: null, lastRenderSlots: null };
  }
  return window.__gpcMetrics;
}

export function markCalendarReady() {
  const m = metrics();
  if (m.calendarReadyMs === null) {
    m.calendarReadyMs = performance.now();
    performance.mark("gpc:calendar-ready");
  }
}

/** Records a render of `slots` slots that showed data which arrived at `arrivedAt`. */
export function recordRender(arrivedAt: number, slots: number) {
  const now = performance.now();
  const m = metrics();
  m.lastRenderMs = Math.round((now - arrivedAt) * 10) / 10;
  m.lastRenderSlots = slots;
  try {
    performance.mark("gpc:render-end");
    performance.measure("gpc:search-render", { start: arrivedAt, end: now });
  } catch {
    // Older WebViews without the options form of measure: the numbers above still count.
  }
}

/** Runs `callback` on the next animation frame (or soon, where there are no frames). */
export function nextFrame(callback: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => callback());
  else setTimeout(callback, 0);
}
