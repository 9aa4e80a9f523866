/**
 * The availability strip: free slots per UK day per practice over the range searched, as a
 * small table whose cells darken with the count, so the eye finds the gaps. Each count is
 * written out (colour is never the only cue) and opens that practice's day.
 */
import { memo, useMemo, useState } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { formatIsoDate } from "../../lib/ukTime";
import { availabilityKeeper, daysOf, type AvailabilityRow } from "./board";

const WEEKDAY_INITIAL = ["M", "T", "W", "T", "F", "S", "S"];

function level(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.min(4, Math.ceil((count / max) * 4));
}

export function AvailabilityStrip({
  practices,
  slots,
  window,
  onOpen,
}: {
  practices: ReadonlyArray<{ ods: string; name: string }>;
  slots: Readonly<Record<string, readonly BookableSlot[] | undefined>>;
  window: { from: string; to: string };
  onOpen: (ods: string, day: string) => void;
}) {
  const days = useMemo(() => daysOf(window), [window]);
  // Rows of practices whose slots did not change are kept (the same objects), so not redrawn.
  const [keeper] = useState(availabilityKeeper);
  const rows = useMemo(() => keeper(practices, slots, days), [keeper, practices, slots, days]);
  const max = rows.reduce((m, r) => Math.max(m, ...r.counts), 0);
  if (days.length < 2 || days.length > 62) return null;
  return (
    <section className="app-strip" aria-labelledby="strip-heading">
      <h3 className="nhsuk-heading-xs app-strip__title" id="strip-heading">
        Free slots per day
      </h3>
      <div className="app-strip__scroll">
        <table className="app-strip__table" id="availability-strip">
          <caption className="nhsuk-u-visually-hidden">
            Free slots per day at each practice, {formatIsoDate(window.from)} to{" "}
            {formatIsoDate(window.to)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Practice</th>
              {days.map((day) => {
                const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
                return (
                  <th
                    scope="col"
                    key={day}
                    className={weekday >= 5 ? "app-strip__weekend" : undefined}
                  >
                    <abbr title={formatIsoDate(day)}>
                      {WEEKDAY_INITIAL[weekday]}
                      <br />
                      {Number(day.slice(8, 10))}
                    </abbr>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <StripRow key={row.ods} row={row} days={days} max={max} onOpen={onOpen} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One practice's row of the strip; redrawn only when its counts (or the scale) change. */
const StripRow = memo(function StripRow({
  row,
  days,
  max,
  onOpen,
}: {
  row: AvailabilityRow;
  days: readonly string[];
  max: number;
  onOpen: (ods: string, day: string) => void;
}) {
  return (
    <tr data-strip={row.ods}>
      <th scope="row" className="app-strip__name">
        {row.name}
      </th>
      {row.counts.map((count, i) => {
        const day = days[i] ?? "";
        return (
          <td key={day} className={`app-strip__cell app-strip__cell--${level(count, max)}`}>
            {count > 0 ? (
              <button
                type="button"
                className="app-strip__button"
                data-strip-day={`${row.ods}/${day}`}
                onClick={() => onOpen(row.ods, day)}
              >
                {count}
                <span className="nhsuk-u-visually-hidden">
                  {` free at ${row.name} on ${formatIsoDate(day)}. Show that day`}
                </span>
              </button>
            ) : (
              <span className="app-strip__zero">
                <span aria-hidden="true">·</span>
                <span className="nhsuk-u-visually-hidden">none</span>
              </span>
            )}
          </td>
        );
      })}
    </tr>
  );
});
