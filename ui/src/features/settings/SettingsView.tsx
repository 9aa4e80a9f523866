/**
 * Settings: every field of `Settings`, the practices (add, remove, look up in SDS), time limits,
 * demo mode, and the client certificate import. Problems from `save_settings` are shown per
 * field with the NHS.UK error summary. Key material is never shown: only paths and the
 * certificate's subject and expiry.
 */
import { useEffect, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Select, TextInput } from "../../components/forms";
import { Spinner } from "../../components/Spinner";
import type { CertificateInfo } from "../../ipc/bindings/CertificateInfo";
import type { CredentialKind } from "../../ipc/bindings/CredentialKind";
import type { OrganisationType } from "../../ipc/bindings/OrganisationType";
import type { Settings } from "../../ipc/bindings/Settings";
import { formatIsoDate } from "../../lib/ukTime";
import { useApp } from "../../state/store";

/** The input id for a backend field name like `practices.0.providerRoot`. */
export function settingsInputId(field: string): string {
  if (field === "practices") return "add-practice";
  return `settings-${field.replace(/\./g, "-")}`;
}

export function CertificateSummary({ info }: { info: CertificateInfo }) {
  const warn = info.expired || info.expiresSoon || info.daysRemaining <= 30;
  return (
    <div
      className={`app-message ${info.expired ? "app-message--error" : warn ? "app-message--warning" : "app-message--info"}`}
      id="certificate-info"
    >
      <dl className="app-certificate">
        <dt>Subject</dt>
        <dd>{info.subject}</dd>
        <dt>Issuer</dt>
        <dd>{info.issuer}</dd>
        <dt>Valid until</dt>
        <dd>{formatIsoDate(info.notAfter)}</dd>
      </dl>
      {info.expired ? (
        <p>
          <strong>This certificate has expired.</strong> Import a new one: nothing can be sent to
          the NHS network with it.
        </p>
      ) : warn ? (
        <p>
          <strong>
            This certificate expires in {info.daysRemaining}{" "}
            {info.daysRemaining === 1 ? "day" : "days"}.
          </strong>{" "}
          Ask your IT support for a new one before it expires.
        </p>
      ) : null}
    </div>
  );
}

const KINDS: Array<{ kind: CredentialKind; label: string }> = [
  { kind: "clientCertificate", label: "Client certificate (PEM)" },
  { kind: "clientKey", label: "Private key (PEM)" },
  { kind: "trustedCa", label: "Trusted CA certificates (PEM)" },
];

function Credentials() {
  const credentials = useApp((s) => s.credentials);
  const current = useApp((s) => s.status?.certificate ?? null);
  const choose = useApp((s) => s.chooseCredential);
  const importNow = useApp((s) => s.importCredentials);
  return (
    <section className="app-panel" aria-labelledby="credentials-heading">
      <h2 className="nhsuk-heading-s" id="credentials-heading">
        Client certificate
      </h2>
      {current ? (
        <>
          <h3 className="nhsuk-heading-xs">Certificate in use</h3>
          <CertificateSummary info={current} />
        </>
      ) : (
        <p>No client certificate is imported.</p>
      )}
      <h3 className="nhsuk-heading-xs">Import new credentials</h3>
      <p className="app-small">
        The files are read once and stored in this computer's keyring. The private key is never
        shown.
      </p>
      <ul className="app-credential-list">
        {KINDS.map(({ kind, label }) => (
          <li key={kind} className="app-credential">
            <span className="app-credential__label" id={`credential-${kind}-label`}>
              {label}
            </span>
            <span className="app-credential__path" id={`credential-${kind}-path`}>
              {credentials.files[kind] ?? "No file chosen"}
            </span>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              id={`choose-${kind}`}
              aria-describedby={`credential-${kind}-label credential-${kind}-path`}
              disabled={credentials.choosing !== null}
              onClick={() => void choose(kind)}
            >
              {credentials.choosing === kind ? "Choosing…" : "Choose file…"}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="nhsuk-button"
        id="import-credentials"
        disabled={credentials.importing}
        onClick={() => void importNow()}
      >
        {credentials.importing ? (
          <>
            <Spinner /> Importing…
          </>
        ) : (
          "Import"
        )}
      </button>
      {credentials.error ? (
        <CommandErrorBox error={credentials.error} context="credentials" />
      ) : null}
      {credentials.imported ? (
        <div role="status">
          <h3 className="nhsuk-heading-xs">Imported</h3>
          <CertificateSummary info={credentials.imported} />
        </div>
      ) : null}
    </section>
  );
}

export function SettingsView() {
  const s = useApp(
    useShallow((st) => ({
      draft: st.settingsDraft,
      loadError: st.settingsLoadError,
      fieldErrors: st.settingsFieldErrors,
      error: st.settingsError,
      saving: st.settingsSaving,
      notice: st.settingsNotice,
      discovering: st.discovering,
      discoverErrors: st.discoverErrors,
      mode: st.status?.mode,
    })),
  );
  const actions = useApp(
    useShallow((st) => ({
      load: st.loadSettings,
      edit: st.editSettings,
      save: st.saveSettings,
      useDemo: st.useDemoMode,
      discover: st.discoverPractice,
    })),
  );
  const [attempt, setAttempt] = useState(0);
  const { load } = actions;
  useEffect(() => {
    void load();
  }, [load]);

  const items = s.fieldErrors.map((f) => ({
    inputId: settingsInputId(f.field),
    message: f.message,
  }));
  const errorFor = (field: string) => s.fieldErrors.find((f) => f.field === field)?.message ?? null;

  if (s.loadError) {
    return (
      <div className="app-settings">
        <h1 className="nhsuk-heading-m" id="view-heading" tabIndex={-1}>
          Settings
        </h1>
        <CommandErrorBox error={s.loadError} context="settings" />
        <button type="button" className="nhsuk-button" onClick={() => void actions.load(true)}>
          Try again
        </button>
      </div>
    );
  }
  const draft = s.draft;
  if (!draft) {
    return (
      <div className="app-settings">
        <h1 className="nhsuk-heading-m" id="view-heading" tabIndex={-1}>
          Settings
        </h1>
        <p role="status">
          <Spinner /> Loading settings…
        </p>
      </div>
    );
  }

  const text = (
    field: string,
    label: string,
    get: (d: Settings) => string,
    set: (d: Settings, v: string) => Settings,
    extra: Partial<Parameters<typeof TextInput>[0]> = {},
  ) => (
    <TextInput
      id={settingsInputId(field)}
      label={label}
      value={get(draft)}
      onChange={(v) => actions.edit((d) => set(d, v))}
      error={errorFor(field)}
      autoComplete="off"
      spellCheck={false}
      {...extra}
    />
  );
  const number = (
    field: "connectSeconds" | "requestSeconds" | "practiceDeadlineSeconds",
    label: string,
    hint: string,
  ) => (
    <TextInput
      id={settingsInputId(`timeouts.${field}`)}
      label={label}
      hint={hint}
      inputMode="numeric"
      widthClass="nhsuk-input--width-4"
      value={String(draft.timeouts[field])}
      onChange={(v) =>
        actions.edit((d) => ({
          ...d,
          timeouts: { ...d.timeouts, [field]: v.trim() === "" ? 0 : Number(v.replace(/\D/g, "")) },
        }))
      }
      error={errorFor(`timeouts.${field}`)}
    />
  );

  return (
    <div className="app-settings">
      <h1 className="nhsuk-heading-m" id="view-heading" tabIndex={-1}>
        Settings
      </h1>
      <ErrorSummary items={items} attempt={attempt} />
      {s.error ? <CommandErrorBox error={s.error} context="settings" /> : null}
      {s.notice ? (
        <p className="app-message app-message--success" role="status" id="settings-notice">
          {s.notice}
        </p>
      ) : null}

      <section className="app-panel" aria-labelledby="mode-heading">
        <h2 className="nhsuk-heading-s" id="mode-heading">
          Mode
        </h2>
        <p>
          Now:{" "}
          <strong>
            {s.mode === "demo"
              ? "Demo (simulated practices, no real patient data)"
              : "Live (NHS Spine)"}
          </strong>
        </p>
        <div className="nhsuk-form-group">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
              Mode to save
            </legend>
            <div className="nhsuk-radios nhsuk-radios--inline nhsuk-radios--small">
              {(["live", "demo"] as const).map((mode) => (
                <div className="nhsuk-radios__item" key={mode}>
                  <input
                    className="nhsuk-radios__input"
                    id={`settings-mode-${mode}`}
                    name="settings-mode"
                    type="radio"
                    value={mode}
                    checked={draft.mode === mode}
                    onChange={() => actions.edit((d) => ({ ...d, mode }))}
                  />
                  <label
                    className="nhsuk-label nhsuk-radios__label"
                    htmlFor={`settings-mode-${mode}`}
                  >
                    {mode === "live" ? "Live" : "Demo"}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          id="use-demo"
          onClick={() => void actions.useDemo()}
          disabled={s.saving}
        >
          Use demo mode
        </button>
      </section>

      <form
        noValidate
        aria-label="Settings"
        onSubmit={(event) => {
          event.preventDefault();
          setAttempt((n) => n + 1);
          void actions.save();
        }}
      >
        <section className="app-panel" aria-labelledby="organisation-heading">
          <h2 className="nhsuk-heading-s" id="organisation-heading">
            Your organisation (the booking organisation)
          </h2>
          {text(
            "organisation.odsCode",
            "ODS code",
            (d) => d.organisation.odsCode,
            (d, v) => ({ ...d, organisation: { ...d.organisation, odsCode: v } }),
            { widthClass: "nhsuk-input--width-10" },
          )}
          {text(
            "organisation.name",
            "Name",
            (d) => d.organisation.name,
            (d, v) => ({ ...d, organisation: { ...d.organisation, name: v } }),
            { widthClass: "nhsuk-input--width-30" },
          )}
          {text(
            "organisation.telephone",
            "Telephone",
            (d) => d.organisation.telephone,
            (d, v) => ({ ...d, organisation: { ...d.organisation, telephone: v } }),
            { widthClass: "nhsuk-input--width-20", type: "tel" },
          )}
          <Select
            id={settingsInputId("organisation.orgType")}
            label="Organisation type"
            hint="Sent as a search filter: some practices offer slots only to urgent care services."
            value={draft.organisation.orgType ?? ""}
            options={[
              { value: "", label: "Not sent" },
              { value: "gp-practice", label: "GP practice" },
              { value: "urgent-care", label: "Urgent care" },
            ]}
            onChange={(v) =>
              actions.edit((d) => ({
                ...d,
                organisation: {
                  ...d.organisation,
                  orgType: v === "" ? null : (v as OrganisationType),
                },
              }))
            }
            error={errorFor("organisation.orgType")}
          />
        </section>

        <section className="app-panel" aria-labelledby="user-heading">
          <h2 className="nhsuk-heading-s" id="user-heading">
            You
          </h2>
          {text(
            "user.userId",
            "User id",
            (d) => d.user.userId,
            (d, v) => ({ ...d, user: { ...d.user, userId: v } }),
            { widthClass: "nhsuk-input--width-20" },
          )}
          {text(
            "user.title",
            "Title (optional)",
            (d) => d.user.title,
            (d, v) => ({ ...d, user: { ...d.user, title: v } }),
            { widthClass: "nhsuk-input--width-5" },
          )}
          {text(
            "user.givenNames",
            "Given names",
            (d) => d.user.givenNames,
            (d, v) => ({ ...d, user: { ...d.user, givenNames: v } }),
            { widthClass: "nhsuk-input--width-20" },
          )}
          {text(
            "user.familyName",
            "Family name",
            (d) => d.user.familyName,
            (d, v) => ({ ...d, user: { ...d.user, familyName: v } }),
            { widthClass: "nhsuk-input--width-20" },
          )}
          {text(
            "user.sdsUserId",
            "Smartcard SDS user id (optional)",
            (d) => d.user.sdsUserId,
            (d, v) => ({ ...d, user: { ...d.user, sdsUserId: v } }),
            { widthClass: "nhsuk-input--width-20" },
          )}
          {text(
            "user.sdsRoleProfileId",
            "SDS role profile id (optional)",
            (d) => d.user.sdsRoleProfileId,
            (d, v) => ({ ...d, user: { ...d.user, sdsRoleProfileId: v } }),
            { widthClass: "nhsuk-input--width-20" },
          )}
        </section>

        <section className="app-panel" aria-labelledby="spine-heading">
          <h2 className="nhsuk-heading-s" id="spine-heading">
            NHS network
          </h2>
          {text(
            "consumerAsid",
            "This system's ASID",
            (d) => d.consumerAsid,
            (d, v) => ({ ...d, consumerAsid: v }),
            { widthClass: "nhsuk-input--width-20", inputMode: "numeric" },
          )}
          {text(
            "sspUrl",
            "Spine Secure Proxy address",
            (d) => d.sspUrl,
            (d, v) => ({ ...d, sspUrl: v }),
            { widthClass: "nhsuk-input--width-30", type: "url" },
          )}
          {text(
            "sdsUrl",
            "SDS address (optional)",
            (d) => d.sdsUrl,
            (d, v) => ({ ...d, sdsUrl: v }),
            {
              widthClass: "nhsuk-input--width-30",
              type: "url",
              hint: "Needed to look practices up by ODS code.",
            },
          )}
          <p className="app-small">Device id: {draft.deviceId || "made on first run"}</p>
        </section>

        <section className="app-panel" aria-labelledby="practices-heading">
          <h2 className="nhsuk-heading-s" id="practices-heading">
            Practices
          </h2>
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
                    {text(
                      `practices.${i}.odsCode`,
                      "ODS code",
                      (d) => d.practices[i]?.odsCode ?? "",
                      (d, v) => ({
                        ...d,
                        practices: d.practices.map((x, j) => (j === i ? { ...x, odsCode: v } : x)),
                      }),
                      { widthClass: "nhsuk-input--width-10" },
                    )}
                    {text(
                      `practices.${i}.name`,
                      "Name",
                      (d) => d.practices[i]?.name ?? "",
                      (d, v) => ({
                        ...d,
                        practices: d.practices.map((x, j) => (j === i ? { ...x, name: v } : x)),
                      }),
                      { widthClass: "nhsuk-input--width-20" },
                    )}
                    {text(
                      `practices.${i}.providerRoot`,
                      "Provider root",
                      (d) => d.practices[i]?.providerRoot ?? "",
                      (d, v) => ({
                        ...d,
                        practices: d.practices.map((x, j) =>
                          j === i ? { ...x, providerRoot: v } : x,
                        ),
                      }),
                      { widthClass: "nhsuk-input--width-30", type: "url" },
                    )}
                    {text(
                      `practices.${i}.asid`,
                      "ASID",
                      (d) => d.practices[i]?.asid ?? "",
                      (d, v) => ({
                        ...d,
                        practices: d.practices.map((x, j) => (j === i ? { ...x, asid: v } : x)),
                      }),
                      { widthClass: "nhsuk-input--width-10", inputMode: "numeric" },
                    )}
                  </div>
                  <div className="app-actions">
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      data-discover={i}
                      onClick={() => void actions.discover(i)}
                      disabled={s.discovering[i] === true}
                    >
                      {s.discovering[i] ? (
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
                        actions.edit((d) => ({
                          ...d,
                          practices: d.practices.filter((_, j) => j !== i),
                        }))
                      }
                    >
                      Remove<span className="nhsuk-u-visually-hidden"> practice {i + 1}</span>
                    </button>
                  </div>
                  {s.discoverErrors[i] ? (
                    <CommandErrorBox error={s.discoverErrors[i]} context="settings" />
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
              actions.edit((d) => ({
                ...d,
                practices: [...d.practices, { odsCode: "", name: "", providerRoot: "", asid: "" }],
              }))
            }
          >
            Add a practice
          </button>
        </section>

        <section className="app-panel" aria-labelledby="timeouts-heading">
          <h2 className="nhsuk-heading-s" id="timeouts-heading">
            Time limits (seconds)
          </h2>
          {number("connectSeconds", "Opening a connection", "1 to 120")}
          {number("requestSeconds", "A whole request", "1 to 300")}
          {number(
            "practiceDeadlineSeconds",
            "One practice in a search",
            "1 to 600: a practice taking longer shows as timed out",
          )}
        </section>

        <button type="submit" className="nhsuk-button" id="save-settings" disabled={s.saving}>
          {s.saving ? (
            <>
              <Spinner /> Saving…
            </>
          ) : (
            "Save settings"
          )}
        </button>
      </form>

      <Credentials />
    </div>
  );
}
