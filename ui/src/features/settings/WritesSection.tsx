/**
 * Settings of writes whose answer was lost (when they are read back, how often the app keeps
 * checking) and how long the local audit trail is kept.
 */
import { TextInput } from "../../components/forms";
import type { WriteSettings } from "../../ipc/bindings/WriteSettings";
import { settingsInputId, type SectionProps } from "./fields";

type NumberField = "checkTotalSeconds" | "backgroundCheckSeconds" | "auditRetentionDays";

function digits(text: string): number {
  return text.trim() === "" ? 0 : Number(text.replace(/\D/g, ""));
}

export function WritesSection({ draft, edit, errorFor }: SectionProps) {
  const set = (patch: Partial<WriteSettings>) =>
    edit((d) => ({ ...d, writes: { ...d.writes, ...patch } }));
  const number = (field: NumberField, label: string, hint: string) => (
    <TextInput
      id={settingsInputId(`writes.${field}`)}
      label={label}
      hint={hint}
      inputMode="numeric"
      widthClass="nhsuk-input--width-4"
      value={String(draft.writes[field])}
      onChange={(v) => set({ [field]: digits(v) })}
      error={errorFor(`writes.${field}`)}
    />
  );
  return (
    <section className="app-panel" aria-labelledby="writes-heading">
      <h2 className="nhsuk-heading-s" id="writes-heading">
        When an answer is lost
      </h2>
      <p className="app-small">
        A booking, registration or change whose answer is lost is never sent again: the app reads it
        back at these times, then keeps checking in the background.
      </p>
      <TextInput
        id={settingsInputId("writes.checkAtSeconds")}
        label="Read back after (seconds, comma-separated)"
        hint="For example 0, 2, 5, 10"
        widthClass="nhsuk-input--width-10"
        value={draft.writes.checkAtSeconds.join(", ")}
        onChange={(v) =>
          set({
            checkAtSeconds: v
              .split(",")
              .map((part) => part.trim())
              .filter((part) => part !== "")
              .map(digits),
          })
        }
        error={errorFor("writes.checkAtSeconds")}
      />
      {number("checkTotalSeconds", "Read back for at most (seconds)", "1 to 600")}
      {number("backgroundCheckSeconds", "Then check every (seconds)", "5 to 3600")}
      {number("auditRetentionDays", "Keep the audit trail for (days)", "1 to 3650")}
    </section>
  );
}
