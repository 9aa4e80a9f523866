/**
 * What every settings section is made of: the draft being edited, a way to change it, the
 * field errors from `save_settings` (by backend field name, e.g. `practices.0.asid`), and the
 * text and seconds inputs whose ids follow those names.
 */
import type { ComponentProps } from "react";
import { TextInput } from "../../components/forms";
import type { Settings } from "../../ipc/bindings/Settings";

/** The input id for a backend field name like `practices.0.providerRoot`. */
export function settingsInputId(field: string): string {
  if (field === "practices") return "add-practice";
  return `settings-${field.replace(/\./g, "-")}`;
}

/** What a section needs: the draft, an edit of it, and a field's error (or `null`). */
export type SectionProps = {
  draft: Settings;
  edit: (change: (draft: Settings) => Settings) => void;
  errorFor: (field: string) => string | null;
};

type TextProps = Omit<ComponentProps<typeof TextInput>, "id" | "onChange" | "error"> & {
  /** The backend field name (`organisation.odsCode`); gives the id and the error. */
  field: string;
  onChange: (value: string) => void;
  errorFor: SectionProps["errorFor"];
};

/** A text setting: no autocomplete or spell check (codes, ids, addresses). */
export function SettingsText({ field, onChange, errorFor, ...rest }: TextProps) {
  return (
    <TextInput
      id={settingsInputId(field)}
      onChange={(v) => onChange(v)}
      error={errorFor(field)}
      autoComplete="off"
      spellCheck={false}
      {...rest}
    />
  );
}

/**
 * A whole number of `timeouts.*`: a time limit in seconds, or how many practices are asked at
 * once; typing anything but digits is ignored.
 */
export function SecondsInput({
  field,
  label,
  hint,
  draft,
  edit,
  errorFor,
}: SectionProps & {
  field: "connectSeconds" | "requestSeconds" | "practiceDeadlineSeconds" | "maxConcurrentPractices";
  label: string;
  hint: string;
}) {
  return (
    <TextInput
      id={settingsInputId(`timeouts.${field}`)}
      label={label}
      hint={hint}
      inputMode="numeric"
      widthClass="nhsuk-input--width-4"
      value={String(draft.timeouts[field])}
      onChange={(v) =>
        edit((d) => ({
          ...d,
          timeouts: { ...d.timeouts, [field]: v.trim() === "" ? 0 : Number(v.replace(/\D/g, "")) },
        }))
      }
      error={errorFor(`timeouts.${field}`)}
    />
  );
}
