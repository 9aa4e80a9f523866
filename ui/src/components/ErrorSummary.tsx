/**
 * The NHS.UK error summary: a heading and links to each field at fault. It takes focus when it
 * appears (or when the same form is submitted again with problems), so keyboard and screen
 * reader users land on it.
 */
import { useEffect, useRef } from "react";

export type SummaryItem = { inputId: string; message: string };

export function ErrorSummary({
  id = "error-summary",
  title = "There is a problem",
  items,
  attempt,
}: {
  id?: string;
  title?: string;
  items: SummaryItem[];
  /** Changes on every submit, so the summary is focused again. */
  attempt?: number | string | boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const seen = useRef({ count: 0, attempt });
  const count = items.length;
  // Focus when problems appear, or on a new attempt that still has problems; never while the
  // user is fixing them (the list shrinking must not take focus from the field being typed in).
  useEffect(() => {
    const previous = seen.current;
    const appeared = previous.count === 0 && count > 0;
    const resubmitted = previous.attempt !== attempt && count > 0;
    seen.current = { count, attempt };
    if (appeared || resubmitted) ref.current?.focus();
  }, [count, attempt]);
  if (count === 0) return null;
  return (
    <div
      className="nhsuk-error-summary"
      id={id}
      ref={ref}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
    >
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id={`${id}-title`}>
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {items.map((item, index) => (
              <li key={`${item.inputId}-${index}`}>
                <a
                  href={`#${item.inputId}`}
                  onClick={(event) => {
                    const target = document.getElementById(item.inputId);
                    if (target) {
                      event.preventDefault();
                      target.scrollIntoView({ block: "center" });
                      target.focus();
                    }
                  }}
                >
                  {item.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
