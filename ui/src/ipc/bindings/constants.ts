// Generated from the Rust crates that enforce these rules by `cargo test bindings`.
// Do not edit: `UPDATE_BINDINGS=1 cargo test bindings` rewrites it.
// Character limits count Unicode characters (code points), not UTF-16 units.

/** §3.5: appointment description, at most this many characters (required). */
export const DESCRIPTION_MAX_CHARS = 100;

/** §3.5: appointment comment, at most this many characters. */
export const COMMENT_MAX_CHARS = 500;

/** §3.9: this app's own limit on a cancellation reason (GP Connect sets none). */
export const CANCELLATION_REASON_MAX_CHARS = 500;

/** §3.4: a name part at registration (PDS holds up to 35 characters). */
export const NAME_MAX_CHARS = 35;

/** §3.4: an address line at registration. */
export const ADDRESS_LINE_MAX_CHARS = 35;

/** §3.4: an email address at registration, in UTF-8 bytes (RFC 5321 counts octets). */
export const EMAIL_MAX_BYTES = 254;

/** §3.2: days one slot search may cover (longer ranges are split). */
export const MAX_SLOT_SEARCH_DAYS = 14;

/** The longest range one search may cover, in days (the backend refuses longer). */
export const MAX_SEARCH_RANGE_DAYS = 366;

/** The reason for booking outside the disposition timeframe, at most this many characters. */
export const TIMEFRAME_REASON_MAX_CHARS = 500;
