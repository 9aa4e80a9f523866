/**
 * The NHS 111 / urgent care profile: disposition timeframes on the Book screen and, for a
 * service chosen from the Directory of Services, its DoS service id sent with every slot search
 * (GP Connect 1.2.8 service filtering; practices without filtering ignore it).
 */
import { SettingsText, type SectionProps } from "./fields";

export function Nhs111Section({ draft, edit, errorFor }: SectionProps) {
  const set = (change: Partial<typeof draft.nhs111>) =>
    edit((d) => ({ ...d, nhs111: { ...d.nhs111, ...change } }));
  return (
    <section className="app-panel" aria-labelledby="nhs111-heading">
      <h2 className="nhsuk-heading-s" id="nhs111-heading">
        NHS 111 and urgent care
      </h2>
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="settings-nhs111-enabled"
              type="checkbox"
              checked={draft.nhs111.enabled}
              onChange={(e) => set({ enabled: e.target.checked })}
            />
            <label
              className="nhsuk-label nhsuk-checkboxes__label"
              htmlFor="settings-nhs111-enabled"
            >
              We book for NHS 111 or another urgent care service (disposition timeframes)
            </label>
          </div>
        </div>
      </div>
      {draft.nhs111.enabled ? (
        <SettingsText
          field="nhs111.dosServiceId"
          label="Directory of Services (DoS) service id (optional)"
          hint="Sent with every slot search. A practice that filters by service then offers only that service's slots, and answers that a service not in its list has none."
          value={draft.nhs111.dosServiceId}
          onChange={(v) => set({ dosServiceId: v })}
          errorFor={errorFor}
          widthClass="nhsuk-input--width-10"
          inputMode="numeric"
        />
      ) : null}
    </section>
  );
}
