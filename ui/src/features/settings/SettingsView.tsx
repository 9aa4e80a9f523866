/**
 * Settings: the environment, every field of `Settings`, the practices (add, remove, look up in
 * SDS), sign-in, time limits, the checks of lost answers, and the certificate and sign-in
 * credentials import. Problems from `save_settings` are shown per
 * field with the NHS.UK error summary. Key material is never shown: only paths and the
 * certificate's subject and expiry.
 */
import { useEffect, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { CommandErrorBox } from "../../components/CommandErrorBox";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Spinner } from "../../components/Spinner";
import { useApp } from "../../state/store";
import { Credentials } from "./Credentials";
import { SdsApiKey } from "./SdsApiKey";
import { PdsCredentials } from "./PdsCredentials";
import { PdsSection } from "./PdsSection";
import { settingsInputId, type SectionProps } from "./fields";
import { Cis2Credentials } from "./Cis2Credentials";
import { EnvironmentSection } from "./EnvironmentSection";
import { PracticesSection } from "./PracticesSection";
import { NetworkSection, OrganisationSection, TimeoutsSection } from "./SettingsSections";
import { SignInSection } from "./SignInSection";
import { WritesSection } from "./WritesSection";
import { Nhs111Section } from "./Nhs111Section";

export function SettingsView() {
  const s = useApp(
    useShallow((st) => ({
      draft: st.settingsDraft,
      loadError: st.settingsLoadError,
      fieldErrors: st.settingsFieldErrors,
      error: st.settingsError,
      saving: st.settingsSaving,
      notice: st.settingsNotice,
    })),
  );
  const load = useApp((st) => st.loadSettings);
  const edit = useApp((st) => st.editSettings);
  const save = useApp((st) => st.saveSettings);
  const [attempt, setAttempt] = useState(0);
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
        <button type="button" className="nhsuk-button" onClick={() => void load(true)}>
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
  const section: SectionProps = { draft, edit, errorFor };

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

      <EnvironmentSection />

      <form
        noValidate
        aria-label="Settings"
        onSubmit={(event) => {
          event.preventDefault();
          setAttempt((n) => n + 1);
          void save();
        }}
      >
        <OrganisationSection {...section} />
        <SignInSection {...section} />
        <PdsSection {...section} />
        <NetworkSection {...section} />
        <PracticesSection {...section} />
        <TimeoutsSection {...section} />
        <Nhs111Section {...section} />
        <WritesSection {...section} />
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

      <Cis2Credentials />
      <Credentials />
      <SdsApiKey />
      <PdsCredentials />
    </div>
  );
}
