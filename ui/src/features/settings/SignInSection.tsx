/**
 * Sign-in with NHS CIS2 for this environment: the issuer (exactly as NHS England gives it,
 * with its :443), the client ID, the loopback port registered in the redirect URI, how the
 * client authenticates, and the organisations whose staff may sign in besides the booking
 * organisation; the idle timeout. The key or secret themselves are stored apart (see
 * `Cis2Credentials`).
 */
import { Select } from "../../components/forms";
import type { Cis2ClientAuth } from "../../ipc/bindings/Cis2ClientAuth";
import { SettingsText, settingsInputId, type SectionProps } from "./fields";

export function SignInSection({ draft, edit, errorFor }: SectionProps) {
  const setCis2 = (change: Partial<typeof draft.cis2>) =>
    edit((d) => ({ ...d, cis2: { ...d.cis2, ...change } }));
  return (
    <section className="app-panel" aria-labelledby="sign-in-settings-heading">
      <h2 className="nhsuk-heading-s" id="sign-in-settings-heading">
        Sign-in (NHS CIS2)
      </h2>
      <SettingsText
        field="cis2.issuer"
        label="CIS2 issuer"
        hint="Exactly as NHS England gives it, including :443."
        value={draft.cis2.issuer}
        onChange={(v) => setCis2({ issuer: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-30"
        type="url"
      />
      <SettingsText
        field="cis2.clientId"
        label="Client ID"
        hint="Registered for this site, like 999999999999.apps.national."
        value={draft.cis2.clientId}
        onChange={(v) => setCis2({ clientId: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-20"
      />
      <SettingsText
        field="cis2.redirectPort"
        label="Redirect port"
        hint="The loopback port registered in the redirect URI http://127.0.0.1:PORT/callback."
        value={String(draft.cis2.redirectPort)}
        onChange={(v) => {
          const digits = v.replace(/\D/g, "");
          setCis2({ redirectPort: digits === "" ? 0 : Math.min(Number(digits), 65535) });
        }}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-5"
        inputMode="numeric"
      />
      <Select
        id={settingsInputId("cis2.clientAuth")}
        label="Client authentication"
        value={draft.cis2.clientAuth}
        options={[
          { value: "privateKeyJwt", label: "Private key JWT (the site's key, RS512)" },
          { value: "clientSecret", label: "Client secret" },
        ]}
        onChange={(v) => setCis2({ clientAuth: v as Cis2ClientAuth })}
        error={errorFor("cis2.clientAuth")}
      />
      {draft.cis2.clientAuth === "privateKeyJwt" ? (
        <SettingsText
          field="cis2.keyId"
          label="Key ID (kid)"
          hint="The kid the site's public key is registered under."
          value={draft.cis2.keyId}
          onChange={(v) => setCis2({ keyId: v })}
          errorFor={errorFor}
          widthClass="nhsuk-input--width-20"
        />
      ) : null}
      <SettingsText
        field="cis2.acrValues"
        label="Assurance asked for (acr_values, optional)"
        value={draft.cis2.acrValues}
        onChange={(v) => setCis2({ acrValues: v })}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-20"
      />
      <SettingsText
        field="allowedOrganisations"
        label="Other organisations whose staff may sign in (ODS codes, optional)"
        hint="Separated by commas or spaces. The booking organisation is always allowed."
        value={draft.allowedOrganisations.join(", ")}
        onChange={(v) =>
          edit((d) => ({
            ...d,
            allowedOrganisations: v
              .split(/[\s,]+/)
              .map((x) => x.trim())
              .filter((x) => x !== ""),
          }))
        }
        errorFor={(field) =>
          errorFor(field) ??
          draft.allowedOrganisations
            .map((_, i) => errorFor(`allowedOrganisations.${i}`))
            .find((e) => e !== null) ??
          null
        }
        widthClass="nhsuk-input--width-30"
      />
      <SettingsText
        field="idleTimeoutMinutes"
        label="Sign out after this many minutes without activity"
        hint="1 to 240"
        value={String(draft.idleTimeoutMinutes)}
        onChange={(v) => {
          const digits = v.replace(/\D/g, "");
          edit((d) => ({ ...d, idleTimeoutMinutes: digits === "" ? 0 : Number(digits) }));
        }}
        errorFor={errorFor}
        widthClass="nhsuk-input--width-5"
        inputMode="numeric"
      />
    </section>
  );
}
