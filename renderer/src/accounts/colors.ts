/** Profile chip colors offered in the dialogs: distinct at a glance in both themes and for red-green color blindness. */
export const PROFILE_COLORS = [
  '#3b82f6',
  '#f59e0b',
  '#a855f7',
  '#14b8a6',
  '#ec4899',
  '#84cc16',
  '#f97316',
  '#64748b',
] as const;

export function nextColor(used: readonly string[]): string {
  return (
    PROFILE_COLORS.find((c) => !used.includes(c)) ?? PROFILE_COLORS[used.length % PROFILE_COLORS.length] ?? '#3b82f6'
  );
}
