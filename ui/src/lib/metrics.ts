/**
 * Timings the end-to-end tests read: `window.__gpcMetrics`.
 * - readyMs: `performance.now()` when the Book screen first became interactive (the app's
 *   status loaded and the search form and board drawn);
 * - lastRenderMs: from the moment the last search event arrived to the next animation frame
 *   after the results (board, day view or list) rendered it;
 * - lastRenderSlots: how many slots that render showed;
 * - firstRowMs: from the first practice's answer arriving to the frame after the board showed
 *   its row (the board fills in as practices answer).
 */
export type GpcMetrics = {
  readyMs: number | null;
  lastRenderMs: number | null;
  lastRenderSlots: number | null;
  firstRowMs: number | null;
};

declare global {
  interface Window {
    __gpcMetrics?: GpcMetrics;
  }
}

export function metrics(): GpcMetrics {
  if (!window.__gpcMetrics) {
    window.__gpcMetrics = {
      readyMs: null,
      lastRenderMs: null,
      lastRenderSlots: null,
      firstRowMs: null,
    };
  }
  return window.__gpcMetrics;
}

export function markAppReady() {
  const m = metrics();
  if (m.readyMs === null) {
    m.readyMs = performance.now();
    performance.mark("gpc:app-ready");
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

/** Records the board's first row of a search, shown for an answer that arrived at `arrivedAt`. */
export function recordFirstRow(arrivedAt: number) {
  metrics().firstRowMs = Math.round((performance.now() - arrivedAt) * 10) / 10;
}
