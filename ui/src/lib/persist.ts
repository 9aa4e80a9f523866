/**
 * What the app remembers between runs on this computer (filters, the results view, the
 * refresh timer): small, non-clinical preferences in the WebView's `localStorage`, under
 * versioned keys. Never patient data. Reading never throws: anything unreadable is ignored
 * and the default used.
 */

/** The stored value of `key` read by `parse`, or `fallback`. */
export function loadPreference<T>(key: string, parse: (value: unknown) => T, fallback: T): T {
  try {
    const text = globalThis.localStorage?.getItem(key);
    return text === null || text === undefined ? fallback : parse(JSON.parse(text));
  } catch {
    return fallback;
  }
}

/** Stores `value` under `key` (silently skipped when storage is unavailable or full). */
export function savePreference(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage loses the preference, never the work.
  }
}
