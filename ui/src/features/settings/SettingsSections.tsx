/**
 * The plain sections of the settings form: the booking organisation, the NHS network addresses,
 * ASID, JWT issuer and device identifier system, and the time limits. Practices and sign-in
 * have their own (`PracticesSection`, `SignInSection`). The user is not a setting: who is
 * calling comes from the sign-in.
 */
import { Select } from "../../components/forms";
import type { OrganisationType } from "../../ipc/bindings/OrganisationType";
import { SecondsInput, SettingsText, settingsInputId, type SectionProps } from "./fields";

export function OrganisationSection({ draft, edit, errorFor }: SectionProps) {
  const setOrganisation = (change: Partial<typeof draft.organisation>) =>
    edit((d) => ({ ...d, organisation: { ...d.organisation, ...change } }));
  return (
    <section className="app-panel" aria-labelledby="organisation-heading">
      <h2 className="nhsuk-heading-s" id="organisation-heading">
        Your organisation (the booking organisation)
      </h2>
      <SettingsText
        field="organisation.odsCode"
        label="ODS code"
        value={draft.organisation.odsCode}
        onChange={(v) => setOrganisation({ odsCode: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-10"
      />
      <SettingsText
        field="organisation.name"
        label="Name"
        value={draft.organisation.name}
        onChange={(v) => setOrganisation({ name: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
      />
      <SettingsText
        field="organisation.telephone"
        label="Telephone"
        value={draft.organisation.telephone}
        onChange={(v) => setOrganisation({ telephone: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-20"
        type="tel"
      />
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
        onChange={(v) => setOrganisation({ orgType: v === "" ? null : (v as OrganisationType) })}
        error={errorFor("organisation.orgType")}
      />
    </section>
  );
}

export function NetworkSection({ draft, edit, errorFor }: SectionProps) {
  return (
    <section className="app-panel" aria-labelledby="spine-heading">
      <h2 className="nhsuk-heading-s" id="spine-heading">
        NHS network
      </h2>
      <SettingsText
        field="consumerAsid"
        label="This system's ASID"
        value={draft.consumerAsid}
        onChange={(v) => edit((d) => ({ ...d, consumerAsid: v }))}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-20"
        inputMode="numeric"
      />
      <SettingsText
        field="sspUrl"
        label="Spine Secure Proxy address"
        value={draft.sspUrl}
        onChange={(v) => edit((d) => ({ ...d, sspUrl: v }))}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
        type="url"
      />
      <SettingsText
        field="sdsUrl"
        label="SDS address (optional)"
        value={draft.sdsUrl}
        onChange={(v) => edit((d) => ({ ...d, sdsUrl: v }))}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
        type="url"
        hint="Needed to look practices up by ODS code."
      />
      <SettingsText
        field="spineEndpointUrl"
        label="This system's Spine endpoint URL"
        hint="Sent as the iss of every request's audit token."
        value={draft.spineEndpointUrl}
        onChange={(v) => edit((d) => ({ ...d, spineEndpointUrl: v }))}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
        type="url"
      />
      <SettingsText
        field="deviceIdentifierSystem"
        label="Device identifier system"
        hint="The identifier system of this installation's device id, like https://yoursupplier.example/Id."
        value={draft.deviceIdentifierSystem}
        onChange={(v) => edit((d) => ({ ...d, deviceIdentifierSystem: v }))}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
      />
      <p className="app-small">Device id: {draft.deviceId || "made on first run"}</p>
    </section>
  );
}

export function TimeoutsSection(props: SectionProps) {
  return (
    <section className="app-panel" aria-labelledby="timeouts-heading">
      <h2 className="nhsuk-heading-s" id="timeouts-heading">
        Time limits (seconds) and load
      </h2>
      <SecondsInput
        {...props}
        field="connectSeconds"
        label="Opening a connection"
        hint="1 to 120"
      />
      <SecondsInput {...props} field="requestSeconds" label="A whole request" hint="1 to 300" />
      <SecondsInput
        {...props}
        field="practiceDeadlineSeconds"
        label="One practice in a search"
        hint="1 to 600: a practice taking longer shows as timed out"
      />
      <SecondsInput
        {...props}
        field="maxConcurrentPractices"
        label="Practices asked at once"
        hint="1 to 20 (5 is the NHS network's budget per organisation): the others wait their turn"
      />
    </section>
  );
}
