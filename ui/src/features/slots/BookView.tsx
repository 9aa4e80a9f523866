/**
 * The Book screen: search, per-practice progress, filters, the calendar and the list side by
 * side, and the booking panel. It stays mounted while other screens are shown (hidden), so the
 * calendar and everything typed are exactly as left.
 */
import { useCallback, useEffect, useMemo } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { adjacentCandidates, slotKey } from "../../lib/adjacency";
import { recordRender, nextFrame } from "../../lib/metrics";
import { formatIsoDate } from "../../lib/ukTime";
import { useApp, useAppStore } from "../../state/store";
import { BookingPanel } from "../booking/BookingPanel";
import { FiltersBar } from "./FiltersBar";
import { PracticeStatusList } from "./PracticeStatusList";
import { SearchForm } from "./SearchForm";
import { SlotCalendar } from "./SlotCalendar";
import { SlotList } from "./SlotList";
import { useAllSlots, usePracticeIndex, useVisibleByPractice, useVisibleSlots } from "./slotData";

export function BookView({ active }: { active: boolean }) {
  const store = useAppStore();
  const all = useAllSlots();
  const visible = useVisibleSlots();
  const byPractice = useVisibleByPractice();
  const practiceIndex = usePracticeIndex();
  const selection = useApp((s) => s.selection);
  const selectSlot = useApp((s) => s.selectSlot);
  const searched = useApp((s) => s.searched);
  const range = searched?.window ?? null;

  const selectedKeys = useMemo(() => new Set(selection.map(slotKey)), [selection]);
  const extendableKeys = useMemo(() => {
    const { next, previous } = adjacentCandidates(selection, visible);
    return new Set([next, previous].filter((s): s is BookableSlot => s !== null).map(slotKey));
  }, [selection, visible]);
  const onChoose = useCallback(
    (slot: BookableSlot, extend: boolean) => selectSlot(slot, extend),
    [selectSlot],
  );

  // Timing: from the last search event to the frame after the calendar and list showed it.
  useEffect(() => {
    const arrivedAt = store.getState().lastEventAt;
    if (arrivedAt <= 0) return;
    nextFrame(() => recordRender(arrivedAt, visible.length));
  }, [visible, store]);

  return (
    <div className="app-book">
      <div className="app-book__main">
        <section className="app-panel" aria-label="Search">
          <SearchForm active={active} />
          <PracticeStatusList />
        </section>
        <section className="app-panel app-results" aria-labelledby="results-heading">
          <div className="app-results__head">
            <h2 className="nhsuk-heading-s app-panel__title" id="results-heading">
              Free slots
              {range ? (
                <span className="app-muted app-results__range">
                  {" "}
                  {formatIsoDate(range.from)} to {formatIsoDate(range.to)}
                </span>
              ) : null}
            </h2>
          </div>
          <FiltersBar shown={visible.length} />
          <div className="app-results__views">
            <SlotCalendar
              byPractice={byPractice}
              allSlots={all}
              practiceIndex={practiceIndex}
              selectedKeys={selectedKeys}
              range={range}
              visible={active}
              onChoose={onChoose}
            />
            <SlotList
              slots={visible}
              selectedKeys={selectedKeys}
              extendableKeys={extendableKeys}
              practiceIndex={practiceIndex}
              onChoose={onChoose}
            />
          </div>
        </section>
      </div>
      <aside className="app-book__side" aria-label="Booking">
        <BookingPanel active={active} allSlots={visible} />
      </aside>
    </div>
  );
}
