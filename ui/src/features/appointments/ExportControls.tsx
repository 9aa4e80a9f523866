/** The list as CSV: saved through the native dialog, or copied to the clipboard. */
import { useState } from "react";
import type { AppointmentView } from "../../ipc/bindings/AppointmentView";
import { appointmentsCsv } from "../../lib/csv";
import { describeError, toCommandError } from "../../lib/errors";
import { copyText } from "../../lib/print";
import { ukDate } from "../../lib/ukTime";
import { useApp, useBackend } from "../../state/store";

export function ExportControls({ appointments }: { appointments: AppointmentView[] }) {
  const backend = useBackend();
  const nhs = useApp((s) => s.appointmentsFor);
  const [state, setState] = useState<{ text: string; error?: boolean } | null>(null);
  const name = `appointments-${nhs ?? "patient"}-${ukDate()}.csv`;
  return (
    <div className="app-actions app-noprint">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        id="export-csv"
        onClick={() => {
          setState(null);
          backend
            .saveCsv(name, appointmentsCsv(appointments))
            .then((path) =>
              setState({ text: path ? `Saved to ${path}` : "Not saved (cancelled)." }),
            )
            .catch((raw: unknown) => {
              const view = describeError(toCommandError(raw));
              setState({
                text: `Could not save the file: ${view.title}. Use Copy as CSV instead.`,
                error: true,
              });
            });
        }}
      >
        Export as CSV
      </button>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        id="copy-csv"
        onClick={() => {
          void copyText(appointmentsCsv(appointments)).then((ok) =>
            setState(ok ? { text: "Copied as CSV" } : { text: "Could not copy", error: true }),
          );
        }}
      >
        Copy as CSV
      </button>
      <span role="status" className={state?.error ? "app-error-text" : "app-copied"}>
        {state?.text ?? ""}
      </span>
    </div>
  );
}
