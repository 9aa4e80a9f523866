/**
 * The session: who is signed in (from NHS CIS2), the sign-in in progress, the roles to choose
 * from, and each practice's check for this session (SDS, GP Connect version). A command
 * answering SIGN_IN_REQUIRED (see `guardSignIn`) ends the session here, which shows the
 * sign-in over the screen; nothing else in the store changes, so what was typed is kept.
 */
import type { Backend } from "../../ipc/backend";
import type { CommandError } from "../../ipc/bindings/CommandError";
import type { PracticeCheck } from "../../ipc/bindings/PracticeCheck";
import type { SessionView } from "../../ipc/bindings/SessionView";
import { toCommandError } from "../../lib/errors";
import type { SliceContext } from "../../state/types";
import { NO_PDS_SEARCH, NO_TRACE } from "../trace/state";

export type SessionSlice = {
  session: SessionView | null;
  /** "browser": waiting for the system browser; a demo user's key while signing in as them. */
  signingIn: string | null;
  signInError: CommandError | null;
  /** Why the app asks to sign in again (the message of the SIGN_IN_REQUIRED answer). */
  signInReason: string | null;
  practiceChecks: PracticeCheck[] | null;
  loadSession: (active?: boolean) => Promise<void>;
  signIn: () => Promise<void>;
  signInDemo: (uid: string, roleId: string) => Promise<void>;
  cancelSignIn: () => Promise<void>;
  chooseRole: (roleId: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** A command answered SIGN_IN_REQUIRED: show the sign-in, keep everything else. */
  signInRequired: (error: CommandError) => void;
  loadPracticeChecks: () => Promise<void>;
};

export function createSessionSlice({ set, get, backend }: SliceContext): SessionSlice {
  const signedIn = async (session: SessionView) => {
    set({ session, signingIn: null, signInError: null, signInReason: null });
    if (session.signedIn) {
      // Traces last for one session (§5.4): the next request traces the patient again.
      set({ trace: NO_TRACE, pdsSearch: NO_PDS_SEARCH });
      await get().loadStatus();
      void get().loadPracticeChecks();
    }
  };
  const failed = (raw: unknown) => set({ signingIn: null, signInError: toCommandError(raw) });
  return {
    session: null,
    signingIn: null,
    signInError: null,
    signInReason: null,
    practiceChecks: null,
    loadSession: async (active = false) => {
      try {
        const session = await backend.sessionStatus(active);
        const was = get().session?.signedIn ?? false;
        set({ session });
        if (was && !session.signedIn) {
          set({ signInReason: session.ended, practiceChecks: null });
          await get().loadStatus();
        }
      } catch (raw) {
        set({ signInError: toCommandError(raw) });
      }
    },
    signIn: async () => {
      set({ signingIn: "browser", signInError: null });
      try {
        await signedIn(await backend.signIn());
      } catch (raw) {
        failed(raw);
      }
    },
    signInDemo: async (uid, roleId) => {
      set({ signingIn: `${uid}:${roleId}`, signInError: null });
      try {
        await signedIn(await backend.signInDemo(uid, roleId));
      } catch (raw) {
        failed(raw);
      }
    },
    cancelSignIn: async () => {
      try {
        set({ session: await backend.cancelSignIn() });
      } catch (raw) {
        failed(raw);
      }
    },
    chooseRole: async (roleId) => {
      set({ signingIn: `role:${roleId}`, signInError: null });
      try {
        await signedIn(await backend.chooseRole(roleId));
      } catch (raw) {
        failed(raw);
      }
    },
    signOut: async () => {
      try {
        const session = await backend.signOut();
        set({ session, signInReason: null, practiceChecks: null, signInError: null });
        await get().loadStatus();
      } catch (raw) {
        failed(raw);
      }
    },
    signInRequired: (error) => {
      const session = get().session;
      set({
        session: session ? { ...session, signedIn: false, role: null } : session,
        signInReason: error.message,
        practiceChecks: null,
      });
      void get().loadSession(false);
    },
    loadPracticeChecks: async () => {
      try {
        const checks = await backend.checkPractices();
        set({ practiceChecks: checks.practices });
      } catch {
        // Shown per practice when searched; the list simply has no versions then.
        set({ practiceChecks: null });
      }
    },
  };
}

/**
 * The backend with every command's SIGN_IN_REQUIRED answer also reported to `onRequired`
 * (which shows the sign-in); the caller still gets the error as before.
 */
export function guardSignIn(backend: Backend, onRequired: (error: CommandError) => void): Backend {
  const guarded = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(backend) as Array<[string, unknown]>) {
    guarded[name] =
      typeof method === "function"
        ? async (...args: unknown[]) => {
            try {
              return await (method as (...a: unknown[]) => Promise<unknown>).apply(backend, args);
            } catch (raw) {
              const error = toCommandError(raw);
              if (error.code === "SIGN_IN_REQUIRED") onRequired(error);
              throw raw;
            }
          }
        : method;
  }
  return guarded as unknown as Backend;
}
