/**
 * The free slots on a FullCalendar week/day time grid in Europe/London (via luxon, whatever the
 * machine's time zone), 24-hour, weekends shown, coloured by practice.
 *
 * Fast with thousands of slots:
 * - one event source per practice, memoised: when a practice answers only its source is added
 *   (FullCalendar diffs sources by identity and parses only the new one);
 * - sources are functions that hand FullCalendar only the events of the range it shows;
 * - above `SESSION_THRESHOLD` slots the week view shows sessions (runs of back-to-back slots,
 *   "14 free") rather than every slot: measured in the app's WebKit, 8,800 slot events took
 *   about 1.1 s to lay out, sessions a small fraction of that. A session opens the day view;
 * - `eventMaxStack` folds crowded times into "+n more", `slotEventOverlap: false` avoids
 *   overlap layout work, and the visible hours are trimmed to the slots found;
 * - selection is shown through `eventClassNames`, so choosing a slot never rebuilds the events.
 *
 * Events are focusable (FullCalendar's `eventInteractive`): Enter or Space chooses a slot,
 * Shift+Enter (or Shift+click) adds it to the current booking.
 */
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import interactionPlugin from "@fullcalendar/interaction";
import luxonPlugin from "@fullcalendar/luxon3";
import enGbLocale from "@fullcalendar/core/locales/en-gb";
import type {
  EventClickArg,
  EventContentArg,
  EventInput,
  EventMountArg,
  EventSourceFuncArg,
  EventSourceInput,
} from "@fullcalendar/core";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { slotKey } from "../../lib/adjacency";
import { markCalendarReady } from "../../lib/metrics";
import { practiceColour } from "../../lib/practiceColours";
import {
  epochMs,
  formatUkDate,
  formatUkTimeRange,
  ukMinutesOfDay,
  UK_ZONE,
} from "../../lib/ukTime";
import { roleOf, type PracticeSlots } from "./slotData";
import { SESSION_THRESHOLD, groupIntoSessions, type Session } from "./sessions";
import { cachedUkTimeZone } from "./ukTimeZonePlugin";

const PLUGINS = [timeGridPlugin, interactionPlugin, luxonPlugin, cachedUkTimeZone];
const HOUR_FORMAT = { hour: "2-digit", minute: "2-digit", hour12: false } as const;

type Mode = "slots" | "sessions";

/**
 * Event sources by the practice's slot array (the search's own array when no filter is on),
 * then by colour class and mode: a practice whose slots did not change keeps the same source
 * object, which FullCalendar then neither removes nor fetches again.
 */
const sourceCache = new WeakMap<BookableSlot[], Map<string, EventSourceInput>>();
const sessionCache = new WeakMap<BookableSlot[], Session[]>();

function sessionsOf(slots: BookableSlot[]): Session[] {
  let sessions = sessionCache.get(slots);
  if (!sessions) sessionCache.set(slots, (sessions = groupIntoSessions(slots)));
  return sessions;
}

/** Items whose start lies in the range FullCalendar asks for. */
function inRange<T extends { start: string }>(items: readonly T[], info: EventSourceFuncArg): T[] {
  const from = info.start.valueOf();
  const to = info.end.valueOf();
  return items.filter((item) => {
    const at = epochMs(item.start);
    return at >= from && at < to;
  });
}

function sourceFor(
  ods: string,
  slots: BookableSlot[],
  className: string,
  mode: Mode,
): EventSourceInput {
  let byKey = sourceCache.get(slots);
  if (!byKey) sourceCache.set(slots, (byKey = new Map<string, EventSourceInput>()));
  const key = `${className}|${mode}`;
  let source = byKey.get(key);
  if (!source) {
    source = {
      id: `${ods}|${mode}`,
      className,
      events: (info: EventSourceFuncArg, success: (events: EventInput[]) => void) =>
        success(
          mode === "sessions"
            ? inRange(sessionsOf(slots), info).map(toSessionEvent)
            : inRange(slots, info).map(toEvent),
        ),
    };
    byKey.set(key, source);
  }
  return source;
}

function toEvent(slot: BookableSlot): EventInput {
  return {
    id: slotKey(slot),
    start: slot.start,
    end: slot.end,
    title: slot.practitioner?.name ?? slot.scheduleType ?? slot.practiceName,
    extendedProps: { slot },
  };
}

function toSessionEvent(session: Session): EventInput {
  return {
    id: session.key,
    start: session.start,
    end: session.end,
    title: `${session.slots.length} free`,
    extendedProps: { session },
  };
}

function describeSession(session: Session): string {
  return `${session.practiceName}, ${formatUkDate(session.start)}, ${formatUkTimeRange(
    session.start,
    session.end,
  )}: ${session.slots.length} free slots. Opens the day view.`;
}

function describe(slot: BookableSlot): string {
  return [
    `${formatUkDate(slot.start)}, ${formatUkTimeRange(slot.start, slot.end)} (${slot.durationMinutes} minutes)`,
    slot.practiceName,
    slot.practitioner?.name,
    roleOf(slot),
    slot.deliveryChannel,
    slot.slotType,
    slot.location.name,
  ]
    .filter(Boolean)
    .join(", ");
}

export function SlotCalendar({
  byPractice,
  allSlots,
  practiceIndex,
  selectedKeys,
  range,
  visible,
  onChoose,
}: {
  /** The slots to show (filters applied), per practice. */
  byPractice: PracticeSlots[];
  /** Every slot found (for the visible hours, so filtering does not move the grid). */
  allSlots: BookableSlot[];
  practiceIndex: Map<string, number>;
  selectedKeys: ReadonlySet<string>;
  range: { from: string; to: string } | null;
  visible: boolean;
  onChoose: (slot: BookableSlot, extend: boolean) => void;
}) {
  const calendarRef = useRef<FullCalendar>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  // Our own toolbar's view (week or day), kept in step with FullCalendar's.
  const [view, setView] = useState<"timeGridWeek" | "timeGridDay">("timeGridWeek");
  const total = useMemo(() => byPractice.reduce((n, p) => n + p.slots.length, 0), [byPractice]);
  const mode: Mode = view === "timeGridWeek" && total > SESSION_THRESHOLD ? "sessions" : "slots";

  const sources = useMemo(
    () =>
      byPractice.map(({ ods, slots }) =>
        sourceFor(ods, slots, practiceColour(practiceIndex.get(ods) ?? 0).className, mode),
      ),
    [byPractice, practiceIndex, mode],
  );

  // Visible hours: from the earliest start to the latest end of all slots found.
  const hours = useMemo(() => {
    if (allSlots.length === 0) return { min: "08:00:00", max: "18:30:00" };
    let min = 24 * 60;
    let max = 0;
    for (const slot of allSlots) {
      min = Math.min(min, ukMinutesOfDay(slot.start));
      const end = ukMinutesOfDay(slot.end);
      max = Math.max(max, end === 0 ? 24 * 60 : end);
    }
    const floor = Math.max(0, Math.floor(min / 60) * 60);
    const ceil = Math.min(24 * 60, Math.ceil(max / 60) * 60);
    const text = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00`;
    return { min: text(floor), max: text(Math.max(ceil, floor + 60)) };
  }, [allSlots]);

  // A new search moves the calendar to its first day, then, once slots arrive, to the week
  // of the earliest one (a search made at the weekend would otherwise open on an empty week).
  const jumpedFor = useRef<unknown>(null);
  useEffect(() => {
    if (range) calendarRef.current?.getApi().gotoDate(range.from);
  }, [range]);
  useEffect(() => {
    const [firstSlot] = allSlots;
    if (!range || jumpedFor.current === range || !firstSlot) return;
    jumpedFor.current = range;
    let earliest = firstSlot.start;
    for (const slot of allSlots)
      if (Date.parse(slot.start) < Date.parse(earliest)) earliest = slot.start;
    const api = calendarRef.current?.getApi();
    const view = api?.view;
    const at = Date.parse(earliest);
    if (api && view && (at < view.activeStart.getTime() || at >= view.activeEnd.getTime())) {
      api.gotoDate(earliest);
    }
  }, [range, allSlots]);

  // Hidden while another screen was shown: measure again when shown.
  useEffect(() => {
    if (visible) calendarRef.current?.getApi().updateSize();
  }, [visible]);

  // FullCalendar's "+n more" is an <a> without href that carries aria-expanded: give it the
  // button role that attribute belongs to, and drop its empty aria-controls.
  const moreLinkDidMount = useCallback((arg: { el: HTMLElement }) => {
    arg.el.setAttribute("role", "button");
    if (!arg.el.getAttribute("aria-controls")) arg.el.removeAttribute("aria-controls");
  }, []);

  const eventClassNames = useCallback(
    (arg: { event: { id: string; extendedProps: Record<string, unknown> } }) => {
      const session = arg.event.extendedProps.session as Session | undefined;
      const selected = session
        ? session.slots.some((s) => selectedKeys.has(slotKey(s)))
        : selectedKeys.has(arg.event.id);
      const classes = session ? ["app-session"] : [];
      if (selected) classes.push("is-selected");
      return classes;
    },
    [selectedKeys],
  );

  const eventContent = useCallback(
    (arg: EventContentArg) => {
      const session = arg.event.extendedProps.session as Session | undefined;
      if (session) {
        return (
          <span className="app-event app-event--session">
            <span className="app-event__ods">{session.ods}</span>{" "}
            <span className="app-event__title">{arg.event.title}</span>
            <span className="nhsuk-u-visually-hidden">{`: ${describeSession(session)}`}</span>
          </span>
        );
      }
      const slot = arg.event.extendedProps.slot as BookableSlot;
      const selected = selectedKeys.has(arg.event.id);
      return (
        <span className="app-event">
          <span className="app-event__time">{arg.timeText}</span>{" "}
          <span className="app-event__ods">{slot.practiceOdsCode}</span>{" "}
          <span className="app-event__title">{arg.event.title}</span>
          <span className="nhsuk-u-visually-hidden">
            {`: ${describe(slot)}${selected ? ". Selected" : ""}`}
          </span>
        </span>
      );
    },
    [selectedKeys],
  );

  // A session opens its day: focus then moves to its first slot (the session's own element
  // goes with the week view, and focus must not drop to the page).
  const focusAfterViewChange = useRef<{ ods: string; at: number } | null>(null);
  const focusTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const focusSessionSlot = useCallback(() => {
    const target = focusAfterViewChange.current;
    const container = containerRef.current;
    if (!target || !container) return;
    const events = [...container.querySelectorAll<HTMLElement>("[data-slot][data-slot-start]")]
      .map((el) => ({ el, at: epochMs(el.dataset.slotStart ?? "") }))
      .filter((e) => e.at >= target.at)
      .sort((a, b) => a.at - b.at);
    const first = events.find((e) => e.el.dataset.slot?.startsWith(`${target.ods}/`)) ?? events[0];
    if (!first) return;
    focusAfterViewChange.current = null;
    first.el.focus();
  }, []);
  /** Tries once the slots being drawn now are all in (each mounted slot pushes it back). */
  const scheduleFocus = useCallback(() => {
    if (!focusAfterViewChange.current) return;
    if (focusTimer.current) clearTimeout(focusTimer.current);
    focusTimer.current = setTimeout(focusSessionSlot, 0);
  }, [focusSessionSlot]);
  useEffect(
    () => () => {
      if (focusTimer.current) clearTimeout(focusTimer.current);
    },
    [],
  );

  const eventDidMount = useCallback(
    (arg: EventMountArg) => {
      const session = arg.event.extendedProps.session as Session | undefined;
      if (session) {
        arg.el.dataset.session = session.key;
        arg.el.setAttribute("role", "button");
        arg.el.setAttribute("aria-describedby", "calendar-session-hint");
        arg.el.title = describeSession(session);
        return;
      }
      const slot = arg.event.extendedProps.slot as BookableSlot;
      arg.el.dataset.slot = slotKey(slot);
      arg.el.dataset.slotStart = slot.start;
      arg.el.setAttribute("role", "button");
      arg.el.title = describe(slot);
      scheduleFocus();
    },
    [scheduleFocus],
  );

  const eventClick = useCallback(
    (arg: EventClickArg) => {
      arg.jsEvent.preventDefault();
      const session = arg.event.extendedProps.session as Session | undefined;
      if (session) {
        const target = { ods: session.ods, at: epochMs(session.start) };
        focusAfterViewChange.current = target;
        // Hold focus in the calendar until the first slot is drawn (if none is, e.g. all are
        // folded into "+n more", it stays there).
        containerRef.current
          ?.querySelector<HTMLElement>(".app-calendar__scroll")
          ?.focus({ preventScroll: true });
        calendarRef.current?.getApi().changeView("timeGridDay", session.start);
        scheduleFocus();
        // Never take focus later, when the user has moved on.
        setTimeout(() => {
          if (focusAfterViewChange.current === target) focusAfterViewChange.current = null;
        }, 3000);
        return;
      }
      const slot = arg.event.extendedProps.slot as BookableSlot;
      onChoose(slot, arg.jsEvent.shiftKey);
    },
    [onChoose, scheduleFocus],
  );

  const onViewMounted = () => {
    markCalendarReady();
    setReady(true);
  };

  // Our own toolbar (NHS.UK buttons, outside the scrolling area so it stays in view).
  const [title, setTitle] = useState("");
  const api = () => calendarRef.current?.getApi();
  const onDatesSet = (arg: { view: { title: string; type: string } }) => {
    setTitle(arg.view.title);
    setView(arg.view.type === "timeGridDay" ? "timeGridDay" : "timeGridWeek");
  };
  const unit = view === "timeGridDay" ? "day" : "week";

  return (
    <div
      id="calendar"
      ref={containerRef}
      className="app-calendar"
      data-ready={ready ? "true" : "false"}
    >
      <div className="app-calendar__toolbar">
        <div className="app-calendar__nav">
          <button type="button" className="app-chip" onClick={() => api()?.prev()}>
            ‹ Previous {unit}
          </button>
          <button type="button" className="app-chip" onClick={() => api()?.today()}>
            Today
          </button>
          <button type="button" className="app-chip" onClick={() => api()?.next()}>
            Next {unit} ›
          </button>
        </div>
        <h3 className="app-calendar__title" aria-live="polite">
          {title}
        </h3>
        {mode === "sessions" ? (
          <p className="app-small app-muted app-calendar__hint" id="calendar-session-hint">
            Many slots: the week shows sessions (free slots back to back). Choose one to see its
            slots in the day view, or use the list.
          </p>
        ) : null}
        <div className="app-calendar__views" role="group" aria-label="Calendar view">
          <button
            type="button"
            className={`app-chip${view === "timeGridWeek" ? " app-chip--current" : ""}`}
            aria-pressed={view === "timeGridWeek"}
            onClick={() => api()?.changeView("timeGridWeek")}
          >
            Week
          </button>
          <button
            type="button"
            className={`app-chip${view === "timeGridDay" ? " app-chip--current" : ""}`}
            aria-pressed={view === "timeGridDay"}
            onClick={() => api()?.changeView("timeGridDay")}
          >
            Day
          </button>
        </div>
      </div>
      <div
        className="app-calendar__scroll"
        tabIndex={0}
        role="region"
        aria-label="Calendar of free slots, scrollable"
      >
        <FullCalendar
          ref={calendarRef}
          plugins={PLUGINS}
          locale={enGbLocale}
          timeZone={UK_ZONE}
          initialView="timeGridWeek"
          initialDate={range?.from}
          headerToolbar={false}
          stickyHeaderDates
          firstDay={1}
          weekends
          allDaySlot={false}
          nowIndicator
          height="auto"
          slotMinTime={hours.min}
          slotMaxTime={hours.max}
          slotDuration="00:15:00"
          slotLabelInterval="01:00"
          slotLabelFormat={HOUR_FORMAT}
          eventTimeFormat={HOUR_FORMAT}
          dayHeaderFormat={{ weekday: "short", day: "numeric", month: "short", omitCommas: true }}
          eventSources={sources}
          eventMaxStack={2}
          views={{ timeGridDay: { eventMaxStack: 8 } }}
          dayMaxEvents
          slotEventOverlap={false}
          eventInteractive
          eventClassNames={eventClassNames}
          eventContent={eventContent}
          eventDidMount={eventDidMount}
          eventClick={eventClick}
          viewDidMount={onViewMounted}
          moreLinkClick="popover"
          moreLinkDidMount={moreLinkDidMount}
          selectable={false}
          editable={false}
          datesSet={onDatesSet}
        />
      </div>
    </div>
  );
}
