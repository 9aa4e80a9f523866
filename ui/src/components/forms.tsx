/**
 * NHS.UK design system form pieces (markup and classes of nhsuk-frontend): labels, hints, inline
 * error messages ("Error:" read out first), text inputs, selects, date inputs (day, month, year)
 * and textareas with a live character count.
 */
import {
  useEffect,
  useId,
  useRef,
  type ChangeEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
} from "react";
import { charCount, trimText } from "../lib/limits";

export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {children}
    </span>
  );
}

/**
 * Keeps the state in step with values set without an input event: WebDriver's Clear (and some
 * assistive tools) set the value and fire only a native `change`, which React does not pass on
 * when its value tracker already holds the new value.
 */
function useNativeChangeSync(
  ref: RefObject<HTMLInputElement | HTMLTextAreaElement | null>,
  value: string,
  onChange: (value: string) => void,
) {
  const latest = useRef({ value, onChange });
  useEffect(() => {
    latest.current = { value, onChange };
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const sync = () => {
      if (element.value !== latest.current.value) latest.current.onChange(element.value);
    };
    element.addEventListener("change", sync);
    element.addEventListener("blur", sync);
    return () => {
      element.removeEventListener("change", sync);
      element.removeEventListener("blur", sync);
    };
  }, [ref]);
}

function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const list = ids.filter(Boolean).join(" ");
  return list === "" ? undefined : list;
}

type TextInputProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  onChange: (value: string, event?: ChangeEvent<HTMLInputElement>) => void;
  error?: string | null;
  /** e.g. "nhsuk-input--width-10" */
  widthClass?: string;
  labelClass?: string;
  formGroupClass?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange">;

export function TextInput({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  widthClass,
  labelClass,
  formGroupClass,
  type = "text",
  ...rest
}: TextInputProps) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const ref = useRef<HTMLInputElement>(null);
  useNativeChangeSync(ref, value, onChange);
  return (
    <div
      className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}${formGroupClass ? ` ${formGroupClass}` : ""}`}
    >
      <label className={`nhsuk-label${labelClass ? ` ${labelClass}` : ""}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId ?? undefined}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={errorId ?? ""}>{error}</ErrorMessage> : null}
      <input
        ref={ref}
        className={`nhsuk-input${widthClass ? ` ${widthClass}` : ""}${error ? " nhsuk-input--error" : ""}`}
        id={id}
        name={rest.name ?? id}
        type={type}
        value={value}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
        {...rest}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value, e)}
      />
    </div>
  );
}

export type Option = { value: string; label: string };

export function Select({
  id,
  label,
  hint,
  value,
  options,
  onChange,
  error,
  formGroupClass,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
  error?: string | null;
  formGroupClass?: string;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div
      className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}${formGroupClass ? ` ${formGroupClass}` : ""}`}
    >
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId ?? undefined}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={errorId ?? ""}>{error}</ErrorMessage> : null}
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy(hintId, errorId)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export type DatePartsValue = { day: string; month: string; year: string };

/**
 * The NHS.UK date input: a fieldset with day, month and year boxes. `ids` gives each box's id
 * (the e2e tests rely on them), `errorParts` which boxes to highlight.
 */
export function DateInput({
  idPrefix,
  ids,
  legend,
  legendClass,
  hint,
  value,
  onChange,
  error,
  errorParts,
  onBlur,
}: {
  idPrefix: string;
  ids?: { day: string; month: string; year: string };
  legend: ReactNode;
  legendClass?: string;
  hint?: ReactNode;
  value: DatePartsValue;
  onChange: (part: keyof DatePartsValue, value: string) => void;
  error?: string | null;
  errorParts?: Array<keyof DatePartsValue>;
  onBlur?: () => void;
}) {
  const hintId = hint ? `${idPrefix}-hint` : null;
  const errorId = error ? `${idPrefix}-error` : null;
  const partIds = ids ?? {
    day: `${idPrefix}-day`,
    month: `${idPrefix}-month`,
    year: `${idPrefix}-year`,
  };
  const highlighted = new Set(
    error ? (errorParts && errorParts.length > 0 ? errorParts : ["day", "month", "year"]) : [],
  );
  const parts: Array<{ part: keyof DatePartsValue; label: string; width: string }> = [
    { part: "day", label: "Day", width: "nhsuk-input--width-2" },
    { part: "month", label: "Month", width: "nhsuk-input--width-2" },
    { part: "year", label: "Year", width: "nhsuk-input--width-4" },
  ];
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset
        className="nhsuk-fieldset"
        role="group"
        aria-describedby={describedBy(hintId, errorId)}
      >
        <legend className={`nhsuk-fieldset__legend${legendClass ? ` ${legendClass}` : ""}`}>
          {legend}
        </legend>
        {hint ? (
          <div className="nhsuk-hint" id={hintId ?? undefined}>
            {hint}
          </div>
        ) : null}
        {error ? <ErrorMessage id={errorId ?? ""}>{error}</ErrorMessage> : null}
        <div className="nhsuk-date-input" id={idPrefix}>
          {parts.map(({ part, label, width }) => (
            <DatePartInput
              key={part}
              id={partIds[part]}
              label={label}
              className={`nhsuk-input nhsuk-date-input__input ${width}${highlighted.has(part) ? " nhsuk-input--error" : ""}`}
              invalid={highlighted.has(part)}
              value={value[part]}
              onChange={(v) => onChange(part, v)}
              onBlur={onBlur}
            />
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function DatePartInput({
  id,
  label,
  className,
  invalid,
  value,
  onChange,
  onBlur,
}: {
  id: string;
  label: string;
  className: string;
  invalid: boolean;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useNativeChangeSync(ref, value, onChange);
  return (
    <div className="nhsuk-date-input__item">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-date-input__label" htmlFor={id}>
          {label}
        </label>
        <input
          ref={ref}
          className={className}
          id={id}
          name={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={value}
          aria-invalid={invalid ? true : undefined}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      </div>
    </div>
  );
}

/**
 * A textarea with a live "n of max characters" count (announced politely), and an inline error
 * once the limit is passed or the form was submitted with a problem.
 */
export function CountedTextarea({
  id,
  label,
  hint,
  value,
  onChange,
  max,
  error,
  rows = 3,
  labelClass,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  max: number;
  error?: string | null;
  rows?: number;
  labelClass?: string;
}) {
  const count = charCount(trimText(value));
  const over = count > max;
  const countId = `${id}-count`;
  const hintId = hint ? `${id}-hint` : null;
  const shownError = error ?? null;
  const errorId = shownError ? `${id}-error` : null;
  const reactId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  useNativeChangeSync(ref, value, onChange);
  return (
    <div
      className={`nhsuk-form-group nhsuk-character-count${shownError ? " nhsuk-form-group--error" : ""}`}
      data-counter={reactId}
    >
      <label className={`nhsuk-label${labelClass ? ` ${labelClass}` : ""}`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={hintId ?? undefined}>
          {hint}
        </div>
      ) : null}
      {shownError ? <ErrorMessage id={errorId ?? ""}>{shownError}</ErrorMessage> : null}
      <textarea
        ref={ref}
        className={`nhsuk-textarea${shownError || over ? " nhsuk-textarea--error" : ""}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        aria-describedby={describedBy(hintId, errorId, countId)}
        aria-invalid={shownError || over ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <div
        id={countId}
        className={`nhsuk-hint nhsuk-character-count__message${over ? " app-count--over" : ""}`}
        aria-live="polite"
      >
        {over
          ? `${count} of ${max} characters: ${count - max} too many`
          : `${count} of ${max} characters`}
      </div>
    </div>
  );
}
