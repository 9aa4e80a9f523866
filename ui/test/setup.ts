import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  // Filters and view choices persist in localStorage: each test starts without them.
  localStorage.clear();
});

// jsdom lacks these; the app and FullCalendar use them.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!("ResizeObserver" in globalThis)) {
  Object.defineProperty(globalThis, "ResizeObserver", {
    value: ResizeObserverStub,
    writable: true,
  });
}
if (!window.matchMedia) {
  Object.defineProperty(window, "matchMedia", {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
Element.prototype.scrollIntoView = vi.fn();
window.scrollTo = vi.fn();
window.print = vi.fn();

// jsdom has no layout: give the virtualised slot list a viewport so it renders rows.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientHeight");
Object.defineProperty(HTMLElement.prototype, "clientHeight", {
  configurable: true,
  get(this: HTMLElement) {
    if (this.classList.contains("app-slotlist__body")) return 600;
    return (clientHeight?.get?.call(this) as number | undefined) ?? 0;
  },
});
const clientWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "clientWidth");
Object.defineProperty(HTMLElement.prototype, "clientWidth", {
  configurable: true,
  get(this: HTMLElement) {
    if (this.classList.contains("app-slotlist__body")) return 800;
    return (clientWidth?.get?.call(this) as number | undefined) ?? 0;
  },
});
