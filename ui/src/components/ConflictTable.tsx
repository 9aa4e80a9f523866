/**
 * What changed in an appointment between the version the user opened and the one the practice
 * now holds (after a 409): shown by the amend and cancel forms and by the Book panel when a
 * reschedule or the cancel of the old appointment meets someone else's change.
 */
import type { AppointmentView } from "../ipc/bindings/AppointmentView";
import { statusLabel } from "../lib/appointmentStatus";
import { formatUkDate, formatUkTimeRange } from "../lib/ukTime";

/** What changed between the version the user opened and the one the practice now holds. */
export function ConflictTable({
  before,
  now,
  edit,
  beforeLabel = "When you opened it",
}: {
  before: AppointmentView;
  now: AppointmentView;
  /** The heading of the "before" column. */
  beforeLabel?: string;
  edit?: { description: string; comment: string };
}) {
  const rows: Array<{ label: string; before: string; now: string; edit?: string }> = [
    { label: "Status", before: statusLabel(before.status), now: statusLabel(now.status) },
    {
      label: "Date and time",
      before: `${formatUkDate(before.start)} ${formatUkTimeRange(before.start, before.end)}`,
      now: `${formatUkDate(now.start)} ${formatUkTimeRange(now.start, now.end)}`,
    },
    {
      label: "Description",
      before: before.description ?? "",
      now: now.description ?? "",
      edit: edit?.description,
    },
    { label: "Comment", before: before.comment ?? "", now: now.comment ?? "", edit: edit?.comment },
    {
      label: "Cancellation reason",
      before: before.cancellationReason ?? "",
      now: now.cancellationReason ?? "",
    },
  ];
  return (
    <table className="nhsuk-table app-conflict-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">What changed</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Field
          </th>
          <th scope="col" className="nhsuk-table__header">
            {beforeLabel}
          </th>
          <th scope="col" className="nhsuk-table__header">
            Now at the practice
          </th>
          {edit ? (
            <th scope="col" className="nhsuk-table__header">
              Your edit
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((r) => {
          const changed = r.before !== r.now;
          return (
            <tr
              key={r.label}
              className={`nhsuk-table__row${changed ? " app-changed" : ""}`}
              data-changed={changed}
            >
              <th scope="row" className="nhsuk-table__header">
                {r.label}
                {changed ? (
                  <span className="nhsuk-tag nhsuk-tag--orange app-tag-inline">Changed</span>
                ) : null}
              </th>
              <td className="nhsuk-table__cell">{r.before || "(none)"}</td>
              <td className="nhsuk-table__cell">
                {changed ? <mark>{r.now || "(none)"}</mark> : r.now || "(none)"}
              </td>
              {edit ? <td className="nhsuk-table__cell">{r.edit ?? ""}</td> : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
