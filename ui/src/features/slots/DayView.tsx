/**
 * The day view: one day's free slots in lanes, one per practice (or one per clinician when a
 * single practice is shown), with the practice and clinician names in full at the top of each
 * lane, an hour per row and each slot's start time as a button. Previous and next day go to the
 * days that have slots; the day can also be picked from a list with each day's count.
 *
 * With many lanes (a large federation) only those scrolled into view, and one either side, are
 * drawn: a day of fifty practices is thousands of slots.
 *
 * Keyboard: one slot is in the tab order; Up and Down move within a lane, Left and Right to the
 * nearest slot of the next lane, Home and End to a lane's first and last; Enter or Space
 * chooses, Shift+Enter (or Shift+click) adds the slot to the booking. Every slot's button
 * carries its full description (date, time, length, practice, practitioner, role, channel,
 * type, location) for screen readers and as a tooltip.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { slotKey } from "../../lib/adjacency";
import { practiceColour } from "../../lib/practiceColours";
import { outsideTimeframe, type Timeframe } from "../../lib/timeframe";
import {
  epochMs,
  formatIsoDate,
  formatUkDate,
  formatUkTime,
  formatUkTimeRange,
  ukDate,
} from "../../lib/ukTime";
import { hourOf, hoursSpanned, lanesFor, daysWithSlots, type Lane } from "./dayLanes";
import { roleOf } from "./filters";

/** The full description of a slot, for its button's label and tooltip. */
export function describeSlot(slot: BookableSlot, extra: string[] = []): string {
  return [
    `${formatUkDate(slot.start)}, ${formatUkTimeRange(slot.start, slot.end)} (${slot.durationMinutes} minutes)`,
    slot.practiceName,
    slot.practitioner?.name ?? "no named practitioner",
    roleOf(slot),
    slot.deliveryChannel,
    slot.slotType,
    slot.scheduleType,
    slot.location.name,
    slot.healthcareService,
    ...extra,
  ]
    .filter(Boolean)
    .join(", ");
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A lane's width in pixels (CSS `.app-day__lane-head`: 10rem). */
const LANE_WIDTH = 160;
/** Up to this many lanes are all drawn; beyond, only those in view (and one either side). */
const ALL_LANES_UP_TO = 8;

/** One day's slots in hours: `hourOf` for each slot of each lane, grouped once. */
function byHour(lanes: Lane[]): Array<Map<number, BookableSlot[]>> {
  return lanes.map((lane) => {
    const hours = new Map<number, BookableSlot[]>();
    for (const slot of lane.slots) {
      const hour = hourOf(slot);
      const list = hours.get(hour);
      if (list) list.push(slot);
      else hours.set(hour, [slot]);
    }
    return hours;
  });
}

export function DayView({
  byPractice,
  day,
  onDayChange,
  selectedKeys,
  practiceIndex,
  preferred,
  timeframe,
  onChoose,
}: {
  /** The slots shown (filters and focus applied), every day, per practice in start order. */
  byPractice: Record<string, BookableSlot[]>;
  /** The day to show; `null`: the first day with slots. */
  day: string | null;
  onDayChange: (day: string) => void;
  selectedKeys: ReadonlySet<string>;
  practiceIndex: Map<string, number>;
  preferred: Record<string, string | null>;
  timeframe: Timeframe | null;
  onChoose: (slot: BookableSlot, extend: boolean) => void;
}) {
  const lists = useMemo(() => Object.values(byPractice).filter((l) => l.length > 0), [byPractice]);
  const days = useMemo(() => daysWithSlots(lists.flat()), [lists]);
  const shown = day && days.some((d) => d.day === day) ? day : (days[0]?.day ?? null);
  const position = days.findIndex((d) => d.day === shown);
  const todays = useMemo(
    () => (shown ? lists.flatMap((l) => l.filter((s) => ukDate(s.start) === shown)) : []),
    [lists, shown],
  );
  const byClinician = lists.length === 1;
  const lanes = useMemo(
    () => lanesFor(todays, { byClinician, preferred, practiceOrder: practiceIndex }),
    [todays, byClinician, preferred, practiceIndex],
  );
  const hours = useMemo(() => hoursSpanned(todays), [todays]);
  const laneHours = useMemo(() => byHour(lanes), [lanes]);

  // Which lanes are drawn: all, or those scrolled into view and one either side.
  const [view, setView] = useState({ left: 0, width: 0 });
  const windowed = lanes.length > ALL_LANES_UP_TO && view.width > 0;
  const firstDrawn = windowed ? Math.max(0, Math.floor(view.left / LANE_WIDTH) - 1) : 0;
  const lastDrawn = windowed
    ? Math.min(lanes.length - 1, Math.ceil((view.left + view.width) / LANE_WIDTH))
    : lanes.length - 1;
  // Roving focus: the active slot is the one in the tab order.
  const [active, setActive] = useState<string | null>(null);
  const activeKey =
    active && todays.some((s) => slotKey(s) === active)
      ? active
      : lanes[0]?.slots[0]
        ? slotKey(lanes[0].slots[0])
        : null;
  const gridRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);
  const measure = useCallback(() => {
    const el = gridRef.current;
    if (!el) return;
    setView((v) =>
      v.left === el.scrollLeft && v.width === el.clientWidth
        ? v
        : { left: el.scrollLeft, width: el.clientWidth },
    );
  }, []);
  useLayoutEffect(() => {
    measure();
    const el = gridRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure, shown]);
  useEffect(() => {
    if (!focusPending.current || !activeKey) return;
    focusPending.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-slot="${CSS.escape(activeKey)}"]`)?.focus();
  });

  const moveTo = (slot: BookableSlot | undefined, laneIndex?: number) => {
    if (!slot) return;
    const el = gridRef.current;
    if (windowed && el && laneIndex !== undefined) {
      // Bring the lane into view first, so that it is drawn and its slot can take focus.
      const left = laneIndex * LANE_WIDTH;
      if (left < el.scrollLeft || left + LANE_WIDTH > el.scrollLeft + el.clientWidth) {
        el.scrollLeft = Math.max(0, left - LANE_WIDTH);
        measure();
      }
    }
    focusPending.current = true;
    setActive(slotKey(slot));
  };
  const nearest = (lane: Lane | undefined, at: number) =>
    lane?.slots.reduce<BookableSlot | undefined>(
      (best, s) =>
        best === undefined || Math.abs(epochMs(s.start) - at) < Math.abs(epochMs(best.start) - at)
          ? s
          : best,
      undefined,
    );
  const onKeyDown = (event: KeyboardEvent<HTMLElement>, laneIndex: number, slotIndex: number) => {
    const lane = lanes[laneIndex];
    const slot = lane?.slots[slotIndex];
    if (!lane || !slot) return;
    const at = epochMs(slot.start);
    switch (event.key) {
      case "ArrowDown":
        moveTo(lane.slots[slotIndex + 1]);
        break;
      case "ArrowUp":
        moveTo(lane.slots[slotIndex - 1]);
        break;
      case "ArrowRight":
        moveTo(nearest(lanes[laneIndex + 1], at), laneIndex + 1);
        break;
      case "ArrowLeft":
        moveTo(nearest(lanes[laneIndex - 1], at), laneIndex - 1);
        break;
      case "Home":
        moveTo(lane.slots[0]);
        break;
      case "End":
        moveTo(lane.slots[lane.slots.length - 1]);
        break;
      case "Enter":
      case " ":
        onChoose(slot, event.shiftKey);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  if (!shown) {
    return (
      <div className="app-day" id="day-view">
        <p className="app-muted">No slots to show.</p>
      </div>
    );
  }
  const previous = days[position - 1];
  const next = days[position + 1];
  return (
    <div className="app-day" id="day-view" data-day={shown}>
      <div className="app-day__toolbar">
        <button
          type="button"
          className="app-chip"
          id="day-previous"
          disabled={!previous}
          onClick={() => previous && onDayChange(previous.day)}
        >
          ‹ Previous day
          {previous ? (
            <span className="nhsuk-u-visually-hidden"> ({formatIsoDate(previous.day)})</span>
          ) : null}
        </button>
        <h3 className="app-day__title" id="day-title" aria-live="polite">
          {formatIsoDate(shown)}
          <span className="app-muted app-day__count">
            {" "}
            · {todays.length} free {todays.length === 1 ? "slot" : "slots"}
            {byClinician ? " · by clinician" : ""}
          </span>
        </h3>
        <button
          type="button"
          className="app-chip"
          id="day-next"
          disabled={!next}
          onClick={() => next && onDayChange(next.day)}
        >
          Next day ›
          {next ? (
            <span className="nhsuk-u-visually-hidden"> ({formatIsoDate(next.day)})</span>
          ) : null}
        </button>
        <label className="nhsuk-label app-day__pick-label" htmlFor="day-picker">
          Go to
        </label>
        <select
          className="nhsuk-select app-day__pick"
          id="day-picker"
          value={shown}
          onChange={(e) => onDayChange(e.target.value)}
        >
          {days.map((d) => (
            <option key={d.day} value={d.day}>
              {formatIsoDate(d.day)} ({d.count})
            </option>
          ))}
        </select>
      </div>
      <div
        className="app-day__scroll"
        ref={gridRef}
        onScroll={measure}
        role="region"
        aria-label={`Free slots on ${formatIsoDate(shown)}, scrollable`}
        tabIndex={-1}
      >
        <table
          className={`app-day__grid${windowed ? " app-day__grid--windowed" : ""}`}
          style={windowed ? { width: 56 + lanes.length * LANE_WIDTH } : undefined}
        >
          <caption className="nhsuk-u-visually-hidden">
            Free slots on {formatIsoDate(shown)},{" "}
            {byClinician ? "one column per clinician" : "one column per practice"}, one row per hour
          </caption>
          <thead>
            <tr>
              <th scope="col" className="app-day__corner">
                <span className="nhsuk-u-visually-hidden">Hour</span>
              </th>
              {lanes.map((lane) => {
                const colour = practiceColour(practiceIndex.get(lane.ods) ?? 0);
                return (
                  <th
                    scope="col"
                    key={lane.key}
                    className="app-day__lane-head"
                    data-lane={lane.key}
                  >
                    <span className={`app-day__bar ${colour.className}`} aria-hidden="true" />
                    <span className="app-day__lane-title">{lane.title}</span>
                    {lane.subtitle ? (
                      <span className="app-day__lane-sub">{lane.subtitle}</span>
                    ) : null}
                    {lane.preferred ? (
                      <span className="nhsuk-tag nhsuk-tag--blue app-tag-inline">
                        Preferred surgery
                      </span>
                    ) : null}
                  </th>
                );
              })}
              {lastDrawn < lanes.length - 1 ? (
                <td
                  className="app-day__spacer"
                  style={{ width: (lanes.length - 1 - lastDrawn) * LANE_WIDTH }}
                />
              ) : null}
            </tr>
          </thead>
          <tbody>
            {hours.map((hour) => (
              <tr key={hour}>
                <th scope="row" className="app-day__hour">
                  {pad(hour)}:00
                </th>
                {firstDrawn > 0 ? <td className="app-day__spacer" /> : null}
                {lanes.slice(firstDrawn, lastDrawn + 1).map((lane, drawnIndex) => (
                  <td key={lane.key} className="app-day__cell">
                    {(laneHours[firstDrawn + drawnIndex]?.get(hour) ?? []).map((slot) => {
                      const laneIndex = firstDrawn + drawnIndex;
                      const slotIndex = lane.slots.indexOf(slot);
                      const key = slotKey(slot);
                      const selected = selectedKeys.has(key);
                      const outside = outsideTimeframe(slot.start, timeframe);
                      const isPreferred = preferred[slot.practiceOdsCode] === slot.location.id;
                      const extra = [
                        outside ? "after the disposition timeframe" : "",
                        isPreferred ? "at the patient's preferred surgery" : "",
                        selected ? "chosen" : "",
                      ];
                      return (
                        <button
                          type="button"
                          key={key}
                          className={`app-day__slot${selected ? " is-selected" : ""}${outside ? " is-outside" : ""}${isPreferred ? " is-preferred" : ""}`}
                          data-slot={key}
                          data-slot-start={slot.start}
                          data-outside={outside ? "true" : undefined}
                          aria-pressed={selected}
                          aria-label={describeSlot(slot, extra)}
                          title={describeSlot(slot, extra)}
                          tabIndex={key === activeKey ? 0 : -1}
                          onFocus={() => setActive(key)}
                          onClick={(e) => {
                            setActive(key);
                            onChoose(slot, e.shiftKey);
                          }}
                          onKeyDown={(e) => onKeyDown(e, laneIndex, slotIndex)}
                        >
                          {formatUkTime(slot.start)}
                          {slot.deliveryChannel && slot.deliveryChannel !== "In-person" ? (
                            <span className="app-day__channel" aria-hidden="true">
                              {slot.deliveryChannel === "Telephone"
                                ? " ☎"
                                : slot.deliveryChannel === "Video"
                                  ? " ▶"
                                  : ""}
                            </span>
                          ) : null}
                        </button>
                      );
                    })}
                  </td>
                ))}
                {lastDrawn < lanes.length - 1 ? <td className="app-day__spacer" /> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="app-small app-muted app-day__key">
        ☎ telephone, ▶ video; hatched: after the disposition timeframe. Arrow keys move between
        slots; Enter chooses, Shift+Enter adds to the booking.
      </p>
    </div>
  );
}
