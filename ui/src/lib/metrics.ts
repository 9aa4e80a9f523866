/**
 * Timings the end-to-end tests read: `window.__gpcMetrics`. Each is taken in an effect after
 * React committed, with layout finished (`layoutDone`), not on the next animation frame:
 * WebKitGTK's first frame after an idle spell comes half a second late whatever the page does.
 * - readyMs: `performance.now()` when the Book screen first became interactive (drawn, the
 *   NHS number field taking input): the page's own share of start-up;
 * - statusMs: when the app's status (practices, certificate) had also arrived from the backend
 *   and was drawn;
 * - lastRenderMs: from the moment the last search event arrived to the next animation frame
 *   after the results (board, day view or list) rendered it;
 * - lastRenderSlots: how many slots that render showed;
 * - firstRowMs: from the first practice's answer arriving to the frame after the board showed
 *   its row (the board fills in as practices answer).
 */
export type GpcMetrics = {
  readyMs: number | null;
  statusMs: number | null;
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
      statusMs: null,
      lastRenderMs: null,
      lastRenderSlots: null,
      firstRowMs: null,
    };
  }
  return window.__gpcMetrics;
}

export function markAppReady() {
  layoutDone();
  const m = metrics();
  if (m.readyMs === null) {
    m.readyMs = performance.now();
    performance.mark("gpc:app-ready");
  }
}

/**
 * Style and layout done now (reading a layout property makes the engine finish them), so a
 * time taken after it covers what the user waits for up to painting.
 */
export function layoutDone(): void {
  void document.body.offsetHeight;
}

/** Records a render of `slots` slots that showed data which arrived at `arrivedAt`. */
export function recordRender(arrivedAt: number, slots: number) {
  layoutDone();
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
  layoutDone();
  metrics().firstRowMs = Math.round((performance.now() - arrivedAt) * 10) / 10;
}

/** Records when the app's status was drawn. */
export function markStatusShown() {
  layoutDone();
  const m = metrics();
  if (m.statusMs === null) m.statusMs = performance.now();
}
