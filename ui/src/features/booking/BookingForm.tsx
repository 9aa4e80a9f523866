/**
 * The booking form: the error summary, description and comment with their counters, and
 * Confirm (or, when moving an appointment, "Book the new slot and cancel the old").
 */
import { ErrorSummary } from "../../components/ErrorSummary";
import { CountedTextarea } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import { COMMENT_MAX, DESCRIPTION_MAX, commentProblem, descriptionProblem } from "../../lib/limits";
import { TIMEFRAME_REASON_MAX_CHARS } from "../../ipc/bindings/constants";
import { describeTimeframe } from "../../lib/timeframe";
import { useApp } from "../../state/store";
import type { BookingProblem } from "./state";

/**
 * `problems` are what stopped the last Confirm (empty before one); `attempt` counts the
 * Confirms (the error summary takes focus on each); `active` is false while the Book screen is
 * hidden, so its error summary does not compete with the one on screen.
 */
export function BookingForm({
  problems,
  active,
  attempt,
  onConfirm,
}: {
  problems: BookingProblem[];
  active: boolean;
  attempt: number;
  onConfirm: () => void;
}) {
  const description = useApp((s) => s.description);
  const comment = useApp((s) => s.comment);
  const booking = useApp((s) => s.booking);
  const moving = useApp((s) => s.reschedule !== null);
  const registrationErrorsShown = useApp((s) => s.registrationErrors.length > 0);
  const setDescription = useApp((s) => s.setDescription);
  const setComment = useApp((s) => s.setComment);
  const timeframe = useApp((s) => s.timeframe);
  const outside = useApp((s) => s.selectionOutsideTimeframe());
  const timeframeReason = useApp((s) => s.timeframeReason);
  const setTimeframeReason = useApp((s) => s.setTimeframeReason);
  const problemFor = (id: string) => problems.find((p) => p.inputId === id)?.message ?? null;
  const descriptionTooLong = descriptionProblem(description) === "tooLong";
  const commentTooLong = commentProblem(comment) === "tooLong";
  return (
    <form
      id="booking-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onConfirm();
      }}
    >
      {active ? (
        <ErrorSummary
          id={registrationErrorsShown ? "booking-error-summary" : "error-summary"}
          items={problems}
          attempt={attempt}
        />
      ) : null}
      {outside && timeframe ? (
        <div className="app-outside-warning" id="outside-timeframe">
          <p>
            <strong>This slot is after the disposition timeframe</strong> (
            {describeTimeframe(timeframe)}
            ). Book it only if the patient cannot be seen sooner: the reason is kept with the
            booking.
          </p>
          <CountedTextarea
            id="timeframe-reason"
            label="Why book outside the timeframe"
            hint="For example: nothing sooner at any practice; the patient asked for this time."
            value={timeframeReason}
            onChange={setTimeframeReason}
            max={TIMEFRAME_REASON_MAX_CHARS}
            rows={2}
            error={problemFor("timeframe-reason")}
          />
        </div>
      ) : null}
      <CountedTextarea
        id="description"
        label="Description (reason for the appointment)"
        hint="Shown to the practice. Required."
        value={description}
        onChange={setDescription}
        max={DESCRIPTION_MAX}
        rows={2}
        error={
          problemFor("description") ??
          (descriptionTooLong ? "Description must be 100 characters or fewer" : null)
        }
      />
      <CountedTextarea
        id="comment"
        label="Comment (optional)"
        value={comment}
        onChange={setComment}
        max={COMMENT_MAX}
        rows={3}
        error={
          problemFor("comment") ??
          (commentTooLong ? "Comment must be 500 characters or fewer" : null)
        }
      />
      <button
        type="submit"
        className="nhsuk-button"
        id="book-button"
        disabled={booking}
        aria-disabled={booking}
      >
        {booking ? (
          <>
            <Spinner /> {moving ? "Moving…" : "Booking…"}
          </>
        ) : moving ? (
          "Book the new slot and cancel the old"
        ) : (
          "Confirm booking"
        )}
      </button>
    </form>
  );
}
