/**
 * An appointment's status (`Appointment.status`, STU3 values, §3.6) in the words the screens
 * use: the appointments list, the conflict table and the reschedule outcome.
 */

/** "Booked", "Cancelled", "Did not attend", …; an unknown status as sent. */
export function statusLabel(status: string): string {
  const labels: Record<string, string> = {
    booked: "Booked",
    cancelled: "Cancelled",
    arrived: "Arrived",
    fulfilled: "Attended",
    noshow: "Did not attend",
    pending: "Pending",
    proposed: "Proposed",
    "entered-in-error": "Entered in error",
  };
  return labels[status] ?? status;
}
