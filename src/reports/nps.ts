/**
 * THL's arithmetic. NPS = % of 9–10 minus % of 0–6 among those who answered the NPS question
 * (a skipped NPS is not in the denominator), reported as an integer rounded half away from
 * zero; the unrounded value is kept as `exact`.
 */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface Nps extends NpsCounts {
  answered: number;
  value: number | null;
  exact: number | null;
}

export function nps(c: NpsCounts): Nps {
  const answered = c.promoters + c.passives + c.detractors;
  if (answered === 0) return { ...c, answered, value: null, exact: null };
  const diff = c.promoters - c.detractors;
  // Integer arithmetic: round(|100·diff / n|) = floor((200·|diff| + n) / 2n), exact at .5.
  const magnitude = Math.floor((200 * Math.abs(diff) + answered) / (2 * answered));
  const value = diff < 0 ? -magnitude : magnitude;
  return { ...c, answered, value: value === 0 ? 0 : value, exact: (100 * diff) / answered };
}

export function npsFromValues(values: readonly (number | null)[]): Nps {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const v of values) {
    if (v === null) continue;
    if (v >= 9) promoters++;
    else if (v >= 7) passives++;
    else detractors++;
  }
  return nps({ promoters, passives, detractors });
}

export interface LikertResult {
  answered: number;
  mean: number | null;
  /** Share of 4 and 5 among those who answered, 0…1. */
  shareTop2: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export function likert(distribution: Record<'1' | '2' | '3' | '4' | '5', number>): LikertResult {
  const answered = distribution['1'] + distribution['2'] + distribution['3'] + distribution['4'] + distribution['5'];
  if (answered === 0) return { answered, mean: null, shareTop2: null, distribution };
  const sum = 1 * distribution['1'] + 2 * distribution['2'] + 3 * distribution['3'] + 4 * distribution['4'] + 5 * distribution['5'];
  return { answered, mean: sum / answered, shareTop2: (distribution['4'] + distribution['5']) / answered, distribution };
}

export interface YesNoResult {
  answered: number;
  shareYes: number | null;
}

export function yesNo(yes: number, no: number): YesNoResult {
  const answered = yes + no;
  return { answered, shareYes: answered === 0 ? null : yes / answered };
}

/**
 * A group where one middle value gathers an implausible share of NPS answers (elderly housing
 * answering "5" as on a 1–5 scale) is flagged: the number may not mean what NPS means.
 */
export function npsSameValueFlag(distribution: readonly number[], minAnswers = 20, share = 0.4): { value: number; share: number } | null {
  const answered = distribution.reduce((a, b) => a + b, 0);
  if (answered < minAnswers) return null;
  let top = 0;
  for (let v = 1; v < distribution.length; v++) if (distribution[v]! > distribution[top]!) top = v;
  const s = distribution[top]! / answered;
  return top >= 1 && top <= 8 && s >= share ? { value: top, share: s } : null;
}
