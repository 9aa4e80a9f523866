/**
 * Practice colours for the calendar and its legend. Twelve strong colours (each at least 4.5:1
 * on white, so usable for borders and text); events use a pale tint of the colour with dark text
 * and a thick border in the strong colour. Beyond twelve practices the colours repeat with a
 * dashed border, and the practice's code is always written on the event: colour is never the
 * only way to tell practices apart (WCAG 1.4.1).
 */
export const PRACTICE_COLOURS = [
  "#005eb8",
  "#007f3b",
  "#7c2855",
  "#9a4a00",
  "#330072",
  "#00665e",
  "#d5281b",
  "#425563",
  "#6b5200",
  "#ae2573",
  "#003087",
  "#4c6272",
] as const;

export type PracticeColour = { index: number; colour: string; className: string; dashed: boolean };

/** The colour of the practice at `index` in the practices list. */
export function practiceColour(index: number): PracticeColour {
  const i = ((index % PRACTICE_COLOURS.length) + PRACTICE_COLOURS.length) % PRACTICE_COLOURS.length;
  const dashed = index >= PRACTICE_COLOURS.length;
  return {
    index: i,
    colour: PRACTICE_COLOURS[i] ?? "#005eb8",
    className: `app-pc-${i}${dashed ? " app-pc-dashed" : ""}`,
    dashed,
  };
}
