#!/bin/sh
# The "system browser" of the end-to-end tests (GPC_BROWSER, set by run.sh): hands the
# sign-in address to the test through $GPC_BROWSER_URL_FILE, and the test answers the
# simulator's CIS2 sign-in page as a person would.
printf '%s' "$1" > "$GPC_BROWSER_URL_FILE.tmp" && mv "$GPC_BROWSER_URL_FILE.tmp" "$GPC_BROWSER_URL_FILE"
