/** A small busy indicator; the text beside it says what is happening. */
export function Spinner() {
  return <span className="app-spinner" aria-hidden="true" />;
}
