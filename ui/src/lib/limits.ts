/**
 * The limits on text the user types, counted exactly as the Rust client counts them, so the
 * UI refuses what the backend would refuse and nothing more: description 100 and comment 500
 * characters (§3.5), cancellation reason 500 (this client's own limit, §3.9), names and address
 * lines 35 (PDS), email 254 bytes (RFC 5321 counts octets).
 *
 * "Characters" are Unicode scalar values (Rust's `chars().count()`), not UTF-16 units: an emoji
 * is one. Text is trimmed of Unicode White_Space first (Rust's `str::trim`). The shared cases in
 * `tests/vectors/text-limits.json` hold both sides to this.
 */

export { ADDRESS_LINE_MAX_CHARS, EMAIL_MAX_BYTES, NAME_MAX_CHARS } from "../ipc/bindings/constants";
import {
  CANCELLATION_REASON_MAX_CHARS,
  COMMENT_MAX_CHARS,
  DESCRIPTION_MAX_CHARS,
} from "../ipc/bindings/constants";

/** `Appointment.description`: required, at most 100 characters (§3.5; from Rust). */
export const DESCRIPTION_MAX = DESCRIPTION_MAX_CHARS;
/** `Appointment.comment`: optional, at most 500 characters (§3.5; from Rust). */
export const COMMENT_MAX = COMMENT_MAX_CHARS;
/** The cancellation reason (and the reason for moving an appointment; from Rust). */
export const REASON_MAX = CANCELLATION_REASON_MAX_CHARS;

/** Characters as Rust counts them (`chars().count()`: Unicode scalar values). */
export function charCount(text: string): number {
  return [...text].length;
}

/** Bytes of `text` in UTF-8 (Rust's `str::len`). */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** `text` without leading and trailing Unicode White_Space (Rust's `str::trim`). */
export function trimText(text: string): string {
  return text.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
}

/** Why a text cannot be sent: nothing was entered, or it is over its limit. */
export type TextProblem = "empty" | "tooLong";

/** The description's problem, or `null` (Rust's `check_description`). */
export function descriptionProblem(text: string): TextProblem | null {
  const trimmed = trimText(text);
  if (trimmed === "") return "empty";
  return charCount(trimmed) > DESCRIPTION_MAX ? "tooLong" : null;
}

/** The comment's problem, or `null`; an empty comment is none (Rust's `check_comment`). */
export function commentProblem(text: string): TextProblem | null {
  return charCount(trimText(text)) > COMMENT_MAX ? "tooLong" : null;
}

/** A cancellation reason's problem, or `null` (Rust's `check_cancellation_reason`). */
export function reasonProblem(text: string): TextProblem | null {
  const trimmed = trimText(text);
  if (trimmed === "") return "empty";
  return charCount(trimmed) > REASON_MAX ? "tooLong" : null;
}
