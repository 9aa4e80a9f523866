/**
 * The slots chosen for one appointment: each with every detail §3.2 asks to show, Remove for
 * the first or last, and the buttons that add the adjacent slot before or after.
 */
import { useMemo } from "react";
import type { BookableSlot } from "../../ipc/bindings/BookableSlot";
import { adjacentCandidates, slotKey } from "../../lib/adjacency";
import { genderLabel } from "../../lib/patientEntry";
import { formatUkDate, formatUkTime, formatUkTimeRange } from "../../lib/ukTime";
import { useApp } from "../../state/store";
import { outsideTimeframe } from "../../lib/timeframe";
import { roleOf } from "../slots/filters";

function SelectedSlot({
  slot,
  onRemove,
  removable,
}: {
  slot: BookableSlot;
  onRemove: () => void;
  removable: boolean;
}) {
  const timeframe = useApp((s) => s.timeframe);
  const preferred = useApp(
    (s) => s.lookups[slot.practiceOdsCode]?.result?.record?.preferredBranchSurgery ?? null,
  );
  const outside = outsideTimeframe(slot.start, timeframe);
  return (
    <li
      className="app-selected"
      data-selected-slot={slotKey(slot)}
      data-outside={outside ? "true" : undefined}
    >
      {outside ? <span className="app-outside-tag">After timeframe</span> : null}
      {preferred === slot.location.id ? (
        <span className="nhsuk-tag nhsuk-tag--blue app-tag-inline">Preferred surgery</span>
      ) : null}
      <div className="app-selected__main">
        <strong>
          {formatUkDate(slot.start)}, {formatUkTimeRange(slot.start, slot.end)}
        </strong>{" "}
        ({slot.durationMinutes} minutes)
        <dl className="app-selected__details">
          <dt>Practice</dt>
          <dd>
            {slot.practiceName} ({slot.practiceOdsCode})
          </dd>
          <dt>Location</dt>
          <dd>
            {slot.location.name ?? "Not given"}
            {slot.location.address.length > 0 ? `, ${slot.location.address.join(", ")}` : ""}
            {slot.location.phone ? ` (phone ${slot.location.phone})` : ""}
          </dd>
          <dt>Practitioner</dt>
          <dd>
            {slot.practitioner?.name ?? "No named practitioner"}
            {slot.practitioner?.gender ? ` (${genderLabel(slot.practitioner.gender)})` : ""}
            {roleOf(slot) ? `, ${roleOf(slot)}` : ""}
          </dd>
          <dt>Delivery channel</dt>
          <dd>{slot.deliveryChannel ?? "Not given"}</dd>
          <dt>Slot type</dt>
          <dd>{slot.slotType ?? "Not given"}</dd>
          <dt>Schedule type</dt>
          <dd>{slot.scheduleType ?? "Not given"}</dd>
          {slot.healthcareService ? (
            <>
              <dt>Service</dt>
              <dd>{slot.healthcareService}</dd>
            </>
          ) : null}
        </dl>
      </div>
      {removable ? (
        <button type="button" className="app-link-button" onClick={onRemove}>
          Remove
          <span className="nhsuk-u-visually-hidden"> the slot at {formatUkTime(slot.start)}</span>
        </button>
      ) : null}
    </li>
  );
}

/** The chosen slots, or how to choose one. `allSlots` are the slots found (for "Add"). */
export function SelectedSlots({ allSlots }: { allSlots: BookableSlot[] }) {
  const selection = useApp((s) => s.selection);
  const selectSlot = useApp((s) => s.selectSlot);
  const removeSelected = useApp((s) => s.removeSelected);
  const candidates = useMemo(() => adjacentCandidates(selection, allSlots), [selection, allSlots]);
  if (selection.length === 0) {
    return (
      <p className="app-muted" id="no-selection">
        Choose a slot on the board, in the day view or in the list (click, or Enter). Shift+click or
        Shift+Enter adds the next slot to a booking.
      </p>
    );
  }
  return (
    <>
      <h3 className="nhsuk-heading-xs">
        {selection.length === 1
          ? "Chosen slot"
          : `Chosen slots (${selection.length}, one appointment)`}
      </h3>
      <ul className="app-selected-list">
        {selection.map((slot, index) => (
          <SelectedSlot
            key={slotKey(slot)}
            slot={slot}
            removable={selection.length > 1 && (index === 0 || index === selection.length - 1)}
            onRemove={() => removeSelected(slotKey(slot))}
          />
        ))}
      </ul>
      <div className="app-actions app-actions--tight">
        {candidates.next ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            id="add-next-slot"
            onClick={() => candidates.next && selectSlot(candidates.next, true)}
          >
            Add the next slot ({formatUkTimeRange(candidates.next.start, candidates.next.end)})
          </button>
        ) : null}
        {candidates.previous ? (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            id="add-previous-slot"
            onClick={() => candidates.previous && selectSlot(candidates.previous, true)}
          >
            Add the slot before (
            {formatUkTimeRange(candidates.previous.start, candidates.previous.end)})
          </button>
        ) : null}
        {!candidates.next && !candidates.previous ? (
          <p className="app-small app-muted">
            No free adjacent slot in the same session can be added.
          </p>
        ) : null}
      </div>
    </>
  );
}
