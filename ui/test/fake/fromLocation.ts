/**
 * The fake as the browser-only dev page configures it from its URL, e.g.
 * `/dev/?practices=20&delay=400&fail=GPC001&timeout=R3B46&slow=R1A15&book=duplicate`.
 */
import { FakeBackend } from "./backend";
import type { BookMode, PracticeMode } from "./world";

export function fakeFromLocation(search: string): FakeBackend {
  const params = new URLSearchParams(search);
  const list = (name: string) => (params.get(name) ?? "").split(",").filter(Boolean);
  const searchModes: Record<string, PracticeMode> = {};
  for (const ods of list("fail")) searchModes[ods] = "fail";
  for (const ods of list("timeout")) searchModes[ods] = "timeout";
  for (const ods of list("slow")) searchModes[ods] = "slow";
  for (const ods of list("empty")) searchModes[ods] = "empty";
  const number = (name: string, fallback: number) => {
    const value = Number(params.get(name));
    return Number.isFinite(value) && params.has(name) ? value : fallback;
  };
  return new FakeBackend({
    practiceCount: number("practices", 4),
    delayMs: number("delay", 350),
    slowMs: number("slowMs", 4000),
    callDelayMs: number("callDelay", 250),
    download: true,
    modes: { search: searchModes, book: (params.get("book") as BookMode | null) ?? "ok" },
  });
}
