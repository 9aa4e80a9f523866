/**
 * Languages a patient may speak, for `nhsCommunication.language` at registration (§3.4), coded
 * in `CareConnect-HumanLanguage-1` (ISO 639-1 codes): English and the languages most often
 * needing an interpreter in England. The practice fills in the rest from PDS when none is sent.
 */
export const LANGUAGES: ReadonlyArray<{ code: string; name: string }> = [
  { code: "en", name: "English" },
  { code: "sq", name: "Albanian" },
  { code: "ar", name: "Arabic" },
  { code: "bn", name: "Bengali" },
  { code: "zh", name: "Chinese" },
  { code: "fa", name: "Farsi (Persian)" },
  { code: "fr", name: "French" },
  { code: "gu", name: "Gujarati" },
  { code: "hu", name: "Hungarian" },
  { code: "it", name: "Italian" },
  { code: "ku", name: "Kurdish" },
  { code: "lt", name: "Lithuanian" },
  { code: "pa", name: "Panjabi" },
  { code: "ps", name: "Pashto" },
  { code: "pl", name: "Polish" },
  { code: "pt", name: "Portuguese" },
  { code: "ro", name: "Romanian" },
  { code: "ru", name: "Russian" },
  { code: "so", name: "Somali" },
  { code: "es", name: "Spanish" },
  { code: "ta", name: "Tamil" },
  { code: "ti", name: "Tigrinya" },
  { code: "tr", name: "Turkish" },
  { code: "uk", name: "Ukrainian" },
  { code: "ur", name: "Urdu" },
  { code: "cy", name: "Welsh" },
];

/** The language's name for a code, or the code itself. */
export function languageName(code: string): string {
  return LANGUAGES.find((l) => l.code === code)?.name ?? code;
}
