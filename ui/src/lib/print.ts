/**
 * Printing one part of the screen: the print stylesheet (styles/print.scss) hides everything
 * except the element marked as the print target while `body[data-printing]` is set.
 */
export function printElement(element: HTMLElement | null): void {
  if (!element) {
    window.print();
    return;
  }
  const body = document.body;
  element.classList.add("app-print-target");
  body.dataset.printing = "true";
  const cleanUp = () => {
    element.classList.remove("app-print-target");
    delete body.dataset.printing;
    window.removeEventListener("afterprint", cleanUp);
  };
  window.addEventListener("afterprint", cleanUp);
  try {
    window.print();
  } finally {
    // Some WebViews never fire afterprint; print() blocks until the dialog closes anyway.
    setTimeout(cleanUp, 1000);
  }
}

/** Copies text to the clipboard; false when the WebView refuses. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  try {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  } catch {
    return false;
  }
}
