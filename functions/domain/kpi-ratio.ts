/** A share recomputed from summed counts: null when nothing was counted (no 0/0 = 0%). */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** A counter's value, absent = 0. */
export const count = (values: Partial<Record<string, number>>, name: string): number => values[name] ?? 0;
