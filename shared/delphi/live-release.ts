// When a real-time Delphi round may publish an item's group figures (docs/decisions/realtime-delphi.md): never
// below the minimum group size, and a new snapshot only once at least that many panellists changed their
// answer since the last one, so the difference between two successive snapshots never isolates fewer people
// than the minimum group size would (a differencing attack). Pure: the live tick applies it.

export interface ReleaseInput {
  /** Panellists whose answer on the item counts now. */
  answers: number;
  /** Distinct panellists who answered or revised the item since the last published snapshot. */
  changed: number;
  minGroupSize: number;
}

export function mayPublish({ answers, changed, minGroupSize }: ReleaseInput): boolean {
  return answers >= minGroupSize && changed >= minGroupSize;
}

/** The figures a panellist compares to tell whether "the panel changed since you answered". */
export interface ComparableFigures {
  median: number | null;
  q1: number | null;
  q3: number | null;
  agreePct: number | null;
  nRated: number;
}

export function figuresMoved(before: ComparableFigures | null, now: ComparableFigures | null): boolean {
  if (!now) return false;
  if (!before) return true;
  return (
    before.median !== now.median ||
    before.q1 !== now.q1 ||
    before.q3 !== now.q3 ||
    before.agreePct !== now.agreePct ||
    before.nRated !== now.nRated
  );
}

/** Whether an answer lies outside the interquartile range (no opinion, or no figures, never does). */
export function outsideIqr(value: number | null, figures: { q1: number | null; q3: number | null } | null): boolean {
  if (value === null || !figures || figures.q1 === null || figures.q3 === null) return false;
  return value < figures.q1 || value > figures.q3;
}
