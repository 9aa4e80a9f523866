/**
 * The free slots as a list: every display field of a slot (§3.2), practice names in full,
 * marks for the patient's preferred surgery and for slots after the disposition timeframe,
 * sortable, virtualised when long (only the rows in view are in the page). Given in "best"
 * order: the preferred surgery's slots first at its practice, then by time.
 *
 * Keyboard (ARIA grid, one row in the tab order): Up/Down/Home/End/Page keys move between
 * rows, Enter or Space chooses the slot, Shift+Enter or "+" adds it to the current booking
 * when the rules allow (the Add button shows on those rows).
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
} from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { slotKey } from "../../lib/adjacency";
import { genderLabel } from "../../lib/patientEntry";
import { practiceColour } from "../../lib/practiceColours";
import { outsideTimeframe, type Timeframe } from "../../lib/timeframe";
import { epochMs, formatUkDate, formatUkTimeRange } from "../../lib/ukTime";
import { roleOf } from "./filters";

type SortKey = "best" | "time" | "practice" | "practitioner";
const VIRTUALISE_OVER = 120;
/** Rows have a fixed height (CSS .app-slotlist__row--body), so no measuring is needed. */
const ROW_HEIGHT = 92;

function compare(key: SortKey, a: BookableSlot, b: BookableSlot): number {
  const byTime = epochMs(a.start) - epochMs(b.start);
  switch (key) {
    case "best":
      return 0;
    case "time":
      return byTime;
    case "practice":
      return a.practiceName.localeCompare(b.practiceName, "en-GB") || byTime;
    case "practitioner":
      return (
        (a.practitioner?.name ?? "~").localeCompare(b.practitioner?.name ?? "~", "en-GB") || byTime
      );
  }
}

export function SlotList({
  slots,
  selectedKeys,
  extendableKeys,
  practiceIndex,
  preferred,
  timeframe,
  onChoose,
}: {
  /** The slots, in "best" order (preferred surgery first at its practice, then time). */
  slots: BookableSlot[];
  selectedKeys: ReadonlySet<string>;
  extendableKeys: ReadonlySet<string>;
  practiceIndex: Map<string, number>;
  preferred: Record<string, string | null>;
  timeframe: Timeframe | null;
  onChoose: (slot: BookableSlot, extend: boolean) => void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({
    key: "best",
    ascending: true,
  });
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows = useMemo(() => {
    if (sort.key === "best" && sort.ascending) return slots; // already in that order
    const sorted = [...slots].sort((a, b) => compare(sort.key, a, b));
    return sort.ascending ? sorted : sorted.reverse();
  }, [slots, sort]);

  const virtualise = rows.length > VIRTUALISE_OVER;
  // TanStack Virtual returns fresh functions by design; the compiler then leaves this component
  // unmemoised, which is what it needs (it re-renders as the list scrolls).
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtualise ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const activeIndex = Math.min(active, Math.max(0, rows.length - 1));

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${activeIndex}"]`);
    row?.focus({ preventScroll: false });
  });

  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    focusPending.current = true;
    setActive(next);
    if (virtualise) virtualizer.scrollToIndex(next, { align: "auto" });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number, slot: BookableSlot) => {
    switch (event.key) {
      case "Enter":
      case " ":
        event.preventDefault();
        onChoose(slot, event.shiftKey);
        return;
      case "+":
        event.preventDefault();
        onChoose(slot, true);
        return;
      case "ArrowDown":
        event.preventDefault();
        move(index + 1);
        return;
      case "ArrowUp":
        event.preventDefault();
        move(index - 1);
        return;
      case "PageDown":
        event.preventDefault();
        move(index + 10);
        return;
      case "PageUp":
        event.preventDefault();
        move(index - 10);
        return;
      case "Home":
        event.preventDefault();
        move(0);
        return;
      case "End":
        event.preventDefault();
        move(rows.length - 1);
        return;
    }
  };

  const sortButton = (key: SortKey, label: string) => {
    const current = sort.key === key;
    return (
      <button
        type="button"
        className={`app-sort${current ? " app-sort--current" : ""}`}
        aria-pressed={current}
        onClick={() => setSort({ key, ascending: current ? !sort.ascending : true })}
      >
        {label}
        <span aria-hidden="true">{current ? (sort.ascending ? " ▲" : " ▼") : ""}</span>
        {current ? (
          <span className="nhsuk-u-visually-hidden">
            {sort.ascending ? " (ascending)" : " (descending)"}
          </span>
        ) : null}
      </button>
    );
  };
  const ariaSort = (keys: SortKey[]) =>
    keys.includes(sort.key) ? (sort.ascending ? "ascending" : "descending") : "none";

  const renderRow = (slot: BookableSlot, index: number, style?: CSSProperties) => {
    const key = slotKey(slot);
    const selected = selectedKeys.has(key);
    const colour = practiceColour(practiceIndex.get(slot.practiceOdsCode) ?? 0);
    const who = slot.practitioner?.name;
    const outside = outsideTimeframe(slot.start, timeframe);
    const atPreferred = preferred[slot.practiceOdsCode] === slot.location.id;
    return (
      <div
        key={key}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={selected}
        tabIndex={index === activeIndex ? 0 : -1}
        className={`app-slotlist__row app-slotlist__row--body${selected ? " is-selected" : ""}${outside ? " is-outside" : ""}`}
        data-outside={outside ? "true" : undefined}
        data-preferred={atPreferred ? "true" : undefined}
        data-slot-row={key}
        data-slot={key}
        data-slot-start={slot.start}
        data-row-index={index}
        data-index={index}
        style={style}
        onClick={(event) => {
          setActive(index);
          onChoose(slot, event.shiftKey);
        }}
        onKeyDown={(event) => onKeyDown(event, index, slot)}
        onFocus={() => {
          if (index !== activeIndex) setActive(index);
        }}
      >
        <div role="gridcell" className="app-slotlist__cell app-slotlist__when">
          <span className={`app-swatch ${colour.className}`} aria-hidden="true" />
          <span>
            <strong>{formatUkDate(slot.start)}</strong>
            <br />
            <strong>{formatUkTimeRange(slot.start, slot.end)}</strong>
            <br />
            {slot.durationMinutes} minutes
            {outside ? (
              <>
                <br />
                <span className="app-outside-tag">After timeframe</span>
              </>
            ) : null}
          </span>
        </div>
        <div role="gridcell" className="app-slotlist__cell app-slotlist__details">
          <span className="app-line app-line--wrap">
            <strong>{slot.practiceName}</strong> ({slot.practiceOdsCode})
            {slot.location.name && slot.location.name !== slot.practiceName
              ? `, ${slot.location.name}`
              : ""}
            {atPreferred ? (
              <span className="nhsuk-tag nhsuk-tag--blue app-tag-inline">Preferred surgery</span>
            ) : null}
            {slot.location.address.length > 0 ? (
              <span className="app-muted"> · {slot.location.address.join(", ")}</span>
            ) : null}
          </span>
          <span className="app-line">
            {who ?? <span className="app-muted">No named practitioner</span>}
            {slot.practitioner?.gender ? ` (${genderLabel(slot.practitioner.gender)})` : ""}
            {roleOf(slot) ? ` · ${roleOf(slot)}` : ""}
          </span>
          <span className="app-line">
            {slot.deliveryChannel ?? "Channel not given"} · {slot.slotType ?? "Type not given"}
            {slot.scheduleType ? <span className="app-muted"> · {slot.scheduleType}</span> : null}
            {slot.healthcareService ? (
              <span className="app-muted"> · {slot.healthcareService}</span>
            ) : null}
          </span>
        </div>
        <div role="gridcell" className="app-slotlist__cell app-slotlist__action">
          {selected ? (
            <span className="nhsuk-tag nhsuk-tag--green">Chosen</span>
          ) : extendableKeys.has(key) ? (
            <button
              type="button"
              tabIndex={-1}
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-add"
              data-extend={key}
              onClick={(event) => {
                event.stopPropagation();
                onChoose(slot, true);
              }}
            >
              Add<span className="nhsuk-u-visually-hidden"> this slot to the booking</span>
            </button>
          ) : null}
        </div>
      </div>
    );
  };

  return (
    <div className="app-slotlist" id="slot-list-region">
      <div
        role="grid"
        id="slot-list"
        className="app-slotlist__grid"
        aria-label={`Free slots, ${rows.length} ${rows.length === 1 ? "slot" : "slots"}`}
        aria-rowcount={rows.length + 1}
        tabIndex={-1}
      >
        <div role="rowgroup" className="app-slotlist__header">
          <div role="row" aria-rowindex={1} className="app-slotlist__row app-slotlist__row--head">
            <div
              role="columnheader"
              className="app-slotlist__head"
              aria-sort={ariaSort(["time", "best"])}
            >
              {sortButton("best", "Best")} {sortButton("time", "When")}
            </div>
            <div
              role="columnheader"
              className="app-slotlist__head"
              aria-sort={ariaSort(["practice", "practitioner"])}
            >
              Slot <span className="app-muted app-small">sort by</span>{" "}
              {sortButton("practice", "practice")} {sortButton("practitioner", "practitioner")}
            </div>
            <div role="columnheader" className="app-slotlist__head">
              <span className="nhsuk-u-visually-hidden">Booking</span>
            </div>
          </div>
        </div>
        <div role="rowgroup" className="app-slotlist__body" ref={scrollRef}>
          {rows.length === 0 ? (
            <div role="row" className="app-slotlist__row app-slotlist__row--empty">
              <div role="gridcell" className="app-slotlist__cell">
                No slots to show.
              </div>
            </div>
          ) : virtualise ? (
            <div className="app-slotlist__spacer" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const slot = rows[item.index];
                if (!slot) return null;
                return renderRow(slot, item.index, {
                  position: "absolute",
                  top: 0,
                  left: 0,
                  width: "100%",
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                });
              })}
            </div>
          ) : (
            rows.map((slot, index) => renderRow(slot, index))
          )}
        </div>
      </div>
    </div>
  );
}
