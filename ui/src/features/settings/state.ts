/**
 * The settings screen: a draft of `Settings` edited in place (kept while the user visits other
 * screens), field problems from `save_settings`, SDS look-ups and the credentials import.
 */
import type { CertificateInfo } from "../../ipc/bindings/CertificateInfo";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { CredentialKind } from "../../ipc/bindings/CredentialKind";
import type { Environment } from "../../ipc/bindings/Environment";
import type { PracticeSettings } from "../../ipc/bindings/PracticeSettings";
import type { Preset } from "../../ipc/bindings/Preset";
import type { FieldError } from "../../ipc/bindings/FieldError";
import type { Settings } from "../../ipc/bindings/Settings";
import { toCommandError } from "../../lib/errors";
import type { SliceContext } from "../../state/types";

export type CredentialsState = {
  files: Record<CredentialKind, string | null>;
  choosing: CredentialKind | null;
  importing: boolean;
  imported: CertificateInfo | null;
  error: CommandError | null;
};

export type SdsKeyState = {
  saving: boolean;
  saved: boolean;
  error: CommandError | null;
};

export type SettingsSlice = {
  settingsDraft: Settings | null;
  settingsLoadError: CommandError | null;
  settingsFieldErrors: FieldError[];
  settingsError: CommandError | null;
  settingsSaving: boolean;
  settingsNotice: string | null;
  discovering: Record<number, boolean>;
  discoverErrors: Record<number, CommandError | null>;
  /** What SDS found for each practice this session (shown, never written into the settings). */
  discovered: Record<number, PracticeSettings | null>;
  presets: Preset[] | null;
  credentials: CredentialsState;
  sdsKey: SdsKeyState;
  loadSettings: (force?: boolean) => Promise<void>;
  editSettings: (edit: (draft: Settings) => Settings) => void;
  saveSettings: () => Promise<void>;
  useDemoMode: () => Promise<void>;
  /** Switches environment at once; the form then shows that environment's settings. */
  switchEnvironment: (environment: Environment) => Promise<void>;
  loadPresets: () => Promise<void>;
  discoverPractice: (index: number) => Promise<void>;
  chooseCredential: (kind: CredentialKind) => Promise<void>;
  importCredentials: () => Promise<void>;
  /** Stores the SDS API key in the keyring (empty removes it); it is never read back. */
  saveSdsApiKey: (key: string) => Promise<void>;
};

export function createSettingsSlice({ set, get, backend }: SliceContext): SettingsSlice {
  return {
    settingsDraft: null,
    settingsLoadError: null,
    settingsFieldErrors: [],
    settingsError: null,
    settingsSaving: false,
    settingsNotice: null,
    discovering: {},
    discoverErrors: {},
    discovered: {},
    presets: null,
    credentials: {
      files: {
        clientCertificate: null,
        clientKey: null,
        trustedCa: null,
        cis2ClientKey: null,
        pdsClientKey: null,
      },
      choosing: null,
      importing: false,
      imported: null,
      error: null,
    },
    sdsKey: { saving: false, saved: false, error: null },

    loadSettings: async (force = false) => {
      if (get().settingsDraft && !force) return;
      try {
        const settings = await backend.getSettings();
        set({ settingsDraft: settings, settingsLoadError: null });
      } catch (error) {
        set({ settingsLoadError: toCommandError(error) });
      }
    },
    editSettings: (edit) =>
      set((s) =>
        s.settingsDraft ? { settingsDraft: edit(s.settingsDraft), settingsNotice: null } : {},
      ),

    saveSettings: async () => {
      const draft = get().settingsDraft;
      if (!draft || get().settingsSaving) return;
      set({
        settingsSaving: true,
        settingsFieldErrors: [],
        settingsError: null,
        settingsNotice: null,
      });
      try {
        const status = await backend.saveSettings(draft);
        get().setStatus(status);
        set({ settingsSaving: false, settingsNotice: "Settings saved." });
      } catch (raw) {
        const error = toCommandError(raw);
        if (error.code === "VALIDATION" && error.details.fields.length > 0)
          set({ settingsSaving: false, settingsFieldErrors: error.details.fields });
        else set({ settingsSaving: false, settingsError: error });
      }
    },

    useDemoMode: async () => get().switchEnvironment("demo"),

    switchEnvironment: async (environment) => {
      set({
        settingsSaving: true,
        settingsError: null,
        settingsFieldErrors: [],
        settingsNotice: null,
      });
      try {
        const settings = await backend.switchEnvironment(environment);
        await get().loadStatus();
        await get().loadSession(false);
        set({
          settingsSaving: false,
          settingsDraft: settings,
          discovered: {},
          discoverErrors: {},
          settingsNotice:
            environment === "demo"
              ? "Demo mode is on: the practices are simulated. Sign in to continue."
              : "Environment switched. Check its settings, then sign in.",
        });
      } catch (raw) {
        set({ settingsSaving: false, settingsError: toCommandError(raw) });
      }
    },

    loadPresets: async () => {
      if (get().presets) return;
      try {
        set({ presets: (await backend.environmentPresets()).presets });
      } catch {
        set({ presets: [] });
      }
    },

    discoverPractice: async (index) => {
      const draft = get().settingsDraft;
      const practice = draft?.practices[index];
      if (!draft || !practice) return;
      set((s) => ({
        discovering: { ...s.discovering, [index]: true },
        discoverErrors: { ...s.discoverErrors, [index]: null },
        discovered: { ...s.discovered, [index]: null },
      }));
      try {
        // The form's values, saved or not; the result is shown, never written into settings.
        const found = await backend.discoverPractice(draft, practice.odsCode);
        set((s) => ({
          discovering: { ...s.discovering, [index]: false },
          discovered: { ...s.discovered, [index]: found },
        }));
      } catch (raw) {
        set((s) => ({
          discovering: { ...s.discovering, [index]: false },
          discoverErrors: { ...s.discoverErrors, [index]: toCommandError(raw) },
        }));
      }
    },

    chooseCredential: async (kind) => {
      set((s) => ({ credentials: { ...s.credentials, choosing: kind, error: null } }));
      try {
        const path = await backend.chooseCredentialFile(kind);
        set((s) => ({
          credentials: {
            ...s.credentials,
            choosing: null,
            files: path ? { ...s.credentials.files, [kind]: path } : s.credentials.files,
          },
        }));
      } catch (raw) {
        set((s) => ({
          credentials: { ...s.credentials, choosing: null, error: toCommandError(raw) },
        }));
      }
    },

    importCredentials: async () => {
      const { files } = get().credentials;
      if (!files.clientCertificate || !files.clientKey || !files.trustedCa) {
        set((s) => ({
          credentials: {
            ...s.credentials,
            error: toCommandError({
              code: "VALIDATION",
              message: "Choose all three files first.",
              details: {
                advice: "Choose the certificate, the private key and the trusted CA certificates.",
              },
            }),
          },
        }));
        return;
      }
      set((s) => ({ credentials: { ...s.credentials, importing: true, error: null } }));
      try {
        const imported = await backend.importCredentials({
          certificate: files.clientCertificate,
          key: files.clientKey,
          trustedCa: files.trustedCa,
        });
        set((s) => ({ credentials: { ...s.credentials, importing: false, imported } }));
        await get().loadStatus();
      } catch (raw) {
        set((s) => ({
          credentials: { ...s.credentials, importing: false, error: toCommandError(raw) },
        }));
      }
    },

    saveSdsApiKey: async (key) => {
      if (get().sdsKey.saving) return;
      set({ sdsKey: { saving: true, saved: false, error: null } });
      try {
        const status = await backend.saveSdsApiKey(key);
        set({ sdsKey: { saving: false, saved: true, error: null }, status });
      } catch (raw) {
        set({ sdsKey: { saving: false, saved: false, error: toCommandError(raw) } });
      }
    },
  };
}
