/**
 * The slots shown (filters and focus applied) as CSV, with the columns of `gpc slots --csv`:
 * saved through the native dialog, or copied to the clipboard.
 */
import { useState } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { describeError, toCommandError } from "../../lib/errors";
import { copyText } from "../../lib/print";
import { slotsCsv } from "../../lib/slotCsv";
import { ukDate } from "../../lib/ukTime";
import { useBackend } from "../../state/store";

/** `slots` gives the slots shown when the user asks (it may have to merge thousands). */
export function SlotExport({
  count: shown,
  slots,
}: {
  count: number;
  slots: () => BookableSlot[];
}) {
  const backend = useBackend();
  const [state, setState] = useState<{ text: string; error?: boolean } | null>(null);
  const count = `${shown} ${shown === 1 ? "slot" : "slots"}`;
  return (
    <div className="app-export app-noprint">
      <button
        type="button"
        className="app-chip"
        id="export-slots-csv"
        disabled={shown === 0}
        onClick={() => {
          setState(null);
          backend
            .saveCsv(`free-slots-${ukDate()}.csv`, slotsCsv(slots()))
            .then((path) =>
              setState({ text: path ? `${count} saved to ${path}` : "Not saved (cancelled)." }),
            )
            .catch((raw: unknown) => {
              const view = describeError(toCommandError(raw));
              setState({ text: `Could not save: ${view.title}. Copy instead.`, error: true });
            });
        }}
      >
        Export CSV<span className="nhsuk-u-visually-hidden"> ({count})</span>
      </button>
      <button
        type="button"
        className="app-chip"
        id="copy-slots-csv"
        disabled={shown === 0}
        onClick={() => {
          void copyText(slotsCsv(slots())).then((ok) =>
            setState(
              ok ? { text: `${count} copied as CSV` } : { text: "Could not copy", error: true },
            ),
          );
        }}
      >
        Copy<span className="nhsuk-u-visually-hidden"> {count} as CSV</span>
      </button>
      <span
        role="status"
        className={state?.error ? "app-error-text" : "app-copied"}
        id="export-slots-status"
      >
        {state?.text ?? ""}
      </span>
    </div>
  );
}
