/**
 * How a shared test vector's input is laid over the file's `base` (the Rust side does the same
 * in `crates/gpconnect/tests/it/vectors.rs`): objects field by field, anything else (arrays,
 * strings, numbers, null) replaced.
 */
export function mergeOver<T>(base: T, patch: unknown): T {
  if (!isObject(base) || !isObject(patch)) return patch as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = mergeOver(out[key], value);
  return out as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
