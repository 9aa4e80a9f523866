/**
 * The practices that can be searched: each one's ODS code, name, provider root and ASID, with
 * "Look up in SDS" and Remove; and "Add a practice". A practice can be added by ODS code
 * alone: SDS gives its root and ASID when it is used, once per session (§5.3). "Look up in
 * SDS" shows what SDS says with the values typed (saved or not) and writes nothing here.
 */
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { Spinner } from "../../components/Spinner";
import type { PracticeSettings } from "../../ipc/bindings/PracticeSettings";
import { useApp } from "../../state/store";
import { SettingsText, type SectionProps } from "./fields";

const PRACTICE_FIELDS = [
  { key: "odsCode", label: "ODS code", width: "nhsuk-input--width-10", extra: {} },
  { key: "name", label: "Name", width: "nhsuk-input--width-20", extra: {} },
  {
    key: "providerRoot",
    label: "Provider root",
    width: "nhsuk-input--width-30",
    extra: { type: "url" },
  },
  { key: "asid", label: "ASID", width: "nhsuk-input--width-10", extra: { inputMode: "numeric" } },
] as const;

export function PracticesSection({ draft, edit, errorFor }: SectionProps) {
  const discovering = useApp((s) => s.discovering);
  const discoverErrors = useApp((s) => s.discoverErrors);
  const discovered = useApp((s) => s.discovered);
  const discover = useApp((s) => s.discoverPractice);
  const setPractice = (i: number, change: Partial<PracticeSettings>) =>
    edit((d) => ({
      ...d,
      practices: d.practices.map((x, j) => (j === i ? { ...x, ...change } : x)),
    }));
  return (
    <section className="app-panel" aria-labelledby="practices-heading">
      <h2 className="nhsuk-heading-s" id="practices-heading">
        Practices
      </h2>
      <p className="app-small">
        A practice can be added by its ODS code alone: leave the provider root and ASID empty and
        SDS is asked for them, once per session.
      </p>
      {errorFor("practices") ? (
        <p className="nhsuk-error-message">
          <span className="nhsuk-u-visually-hidden">Error:</span> {errorFor("practices")}
        </p>
      ) : null}
      <ol className="app-practice-settings">
        {draft.practices.map((p, i) => (
          <li key={i} className="app-practice-setting">
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                Practice {i + 1}
                {p.name ? `: ${p.name}` : ""}
              </legend>
              <div className="app-practice-setting__fields">
                {PRACTICE_FIELDS.map(({ key, label, width, extra }) => (
                  <SettingsText
                    key={key}
                    field={`practices.${i}.${key}`}
                    label={label}
                    value={p[key]}
                    onChange={(v) => setPractice(i, { [key]: v })}
                    errorFor={errorFor}
                    widthClass={width}
                    {...extra}
                  />
                ))}
              </div>
              <div className="app-actions">
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  data-discover={i}
                  onClick={() => void discover(i)}
                  disabled={discovering[i] === true}
                >
                  {discovering[i] ? (
                    <>
                      <Spinner /> Looking up…
                    </>
                  ) : (
                    <>
                      Look up in SDS
                      <span className="nhsuk-u-visually-hidden"> practice {i + 1}</span>
                    </>
                  )}
                </button>
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  data-remove-practice={i}
                  onClick={() =>
                    edit((d) => ({ ...d, practices: d.practices.filter((_, j) => j !== i) }))
                  }
                >
                  Remove<span className="nhsuk-u-visually-hidden"> practice {i + 1}</span>
                </button>
              </div>
              {discovered[i] ? (
                <p className="app-message app-message--success" role="status" data-discovered={i}>
                  SDS: {discovered[i].name}, ASID {discovered[i].asid}, provider root{" "}
                  <code>{discovered[i].providerRoot}</code>. Used for this session only; not saved.
                </p>
              ) : null}
              {discoverErrors[i] ? (
                <CommandErrorBox error={discoverErrors[i]} context="settings" />
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        id="add-practice"
        onClick={() =>
          edit((d) => ({
            ...d,
            practices: [...d.practices, { odsCode: "", name: "", providerRoot: "", asid: "" }],
          }))
        }
      >
        Add a practice
      </button>
    </section>
  );
}
