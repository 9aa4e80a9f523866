/**
 * The Book screen: the search (with the 111 disposition timeframe), the results (the
 * earliest-available board, the day view and the list), and beside them the booking panel and
 * the patient's appointments. As soon as the patient is identified they are looked for at every
 * practice at once (`usePatientFirst`). It stays mounted while other screens are shown
 * (hidden), so everything typed and found is exactly as left.
 */
import { useCallback } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { useApp } from "../../state/store";
import { AppointmentsBeside } from "../appointments/AppointmentsBeside";
import { BookingPanel } from "../booking/BookingPanel";
import { usePatientFirst } from "../patients/usePatientFirst";
import { ResultsArea } from "./ResultsArea";
import { SearchForm } from "./SearchForm";
import { useVisibleByPractice } from "./slotData";

const NONE: BookableSlot[] = [];

export function BookView({ active }: { active: boolean }) {
  const visibleByPractice = useVisibleByPractice();
  const chosenPractice = useApp((s) => s.selection[0]?.practiceOdsCode ?? null);
  // "Add the next slot" looks among the chosen practice's slots only.
  const practiceSlots = chosenPractice ? (visibleByPractice[chosenPractice] ?? NONE) : NONE;
  const selectSlot = useApp((s) => s.selectSlot);
  const onChoose = useCallback(
    (slot: BookableSlot, extend: boolean) => selectSlot(slot, extend),
    [selectSlot],
  );
  usePatientFirst(active);

  return (
    <div className="app-book">
      <div className="app-book__main">
        <section className="app-panel" aria-label="Search">
          <SearchForm active={active} />
        </section>
        <ResultsArea active={active} onChoose={onChoose} />
      </div>
      <aside className="app-book__side" aria-label="Booking">
        <BookingPanel active={active} allSlots={practiceSlots} />
        <AppointmentsBeside />
      </aside>
    </div>
  );
}
