import crypto from 'node:crypto';
import { z } from 'zod';
import { type Db, maybeOne } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { poolAgeGroups } from './pool.ts';

/** The county's population per age group and municipality, in people (Statistics Finland's tables). */
export const populationSchema = z.object({
  ageGroups: z.record(z.string(), z.number().int().nonnegative()),
  municipalities: z.record(z.string(), z.number().int().nonnegative()),
});
export type Population = z.infer<typeof populationSchema>;

export interface PanelCandidate {
  id: number;
  ageGroup: string | null;
  municipality: string | null;
}

export interface FitRow {
  key: string;
  population: number;
  panel: number;
}

/** How well a panel matches the population: shares (0…1) side by side, and the largest gap in percentage points. */
export interface PanelFit {
  ageGroups: FitRow[];
  municipalities: FitRow[];
  largestGap: number;
}

const sameName = (s: string) => s.trim().toLocaleLowerCase('fi');

function shares(counts: Record<string, number>): Map<string, number> {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return new Map(Object.entries(counts).map(([k, v]) => [sameName(k), total ? v / total : 0]));
}

/**
 * Draws a panel of `size` members whose age groups and municipalities follow the population's shares
 * (seed 002: "otos … vastaa alueen ikärakennetta ja kuntia"). The joint distribution is rarely known,
 * so the two margins are matched together: each draw takes a random member from the group of members
 * (age group × municipality) that is furthest below both targets, relative to the target. Members who
 * gave neither fact are drawn only when no one else is left. Random within a group, so who is drawn
 * says nothing about a member beyond their two facts.
 */
export function drawPanel(
  candidates: readonly PanelCandidate[],
  population: Population,
  size: number,
  random: (n: number) => number = crypto.randomInt,
): { chosen: PanelCandidate[]; fit: PanelFit } {
  const ageShare = shares(population.ageGroups);
  const townShare = shares(population.municipalities);
  const cells = new Map<string, { age: string | null; town: string | null; members: PanelCandidate[] }>();
  for (const c of candidates) {
    const age = c.ageGroup && ageShare.has(c.ageGroup) ? c.ageGroup : null;
    const town = c.municipality && townShare.has(sameName(c.municipality)) ? sameName(c.municipality) : null;
    const k = `${age}|${town}`;
    if (!cells.has(k)) cells.set(k, { age, town, members: [] });
    cells.get(k)!.members.push(c);
  }
  const ageTaken = new Map<string, number>();
  const townTaken = new Map<string, number>();
  const chosen: PanelCandidate[] = [];
  const want = Math.min(size, candidates.length);
  // Below target, relative to the target: an empty group of 1 % of people is as urgent as one of 30 %.
  const need = (share: number | undefined, taken: number) => (share ? (share * want - taken) / (share * want) : -1);
  while (chosen.length < want) {
    let best: { age: string | null; town: string | null; members: PanelCandidate[] } | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const cell of cells.values()) {
      if (!cell.members.length) continue;
      const score =
        (cell.age ? need(ageShare.get(cell.age), ageTaken.get(cell.age) ?? 0) : -2) +
        (cell.town ? need(townShare.get(cell.town), townTaken.get(cell.town) ?? 0) : -2);
      if (score > bestScore || (score === bestScore && random(2) === 0)) {
        best = cell;
        bestScore = score;
      }
    }
    const members = best!.members;
    const i = random(members.length);
    chosen.push(members[i]!);
    members[i] = members.at(-1)!;
    members.pop();
    if (best!.age) ageTaken.set(best!.age, (ageTaken.get(best!.age) ?? 0) + 1);
    if (best!.town) townTaken.set(best!.town, (townTaken.get(best!.town) ?? 0) + 1);
  }
  return { chosen, fit: panelFit(chosen, population) };
}

export function panelFit(chosen: readonly PanelCandidate[], population: Population): PanelFit {
  const n = chosen.length || 1;
  const rows = (counts: Record<string, number>, of: (c: PanelCandidate) => string | null): FitRow[] => {
    const pop = shares(counts);
    return Object.keys(counts).map((key) => ({
      key,
      population: pop.get(sameName(key)) ?? 0,
      panel:
        chosen.filter((c) => {
          const v = of(c);
          return v !== null && sameName(v) === sameName(key);
        }).length / n,
    }));
  };
  const ageGroups = rows(population.ageGroups, (c) => c.ageGroup);
  const municipalities = rows(population.municipalities, (c) => c.municipality);
  const largestGap = Math.max(0, ...[...ageGroups, ...municipalities].map((r) => Math.abs(r.panel - r.population) * 100));
  return { ageGroups, municipalities, largestGap: Math.round(largestGap * 10) / 10 };
}

export async function countyPopulation(db: Db): Promise<Population> {
  const row = await maybeOne<{ value: unknown }>(db, "select value from setting where key = 'county_population'");
  const parsed = populationSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : { ageGroups: {}, municipalities: {} };
}

/** "Porvoo 51 234" per line → { Porvoo: 51234 }; a line that is not a name and a number is refused by its number. */
export function parsePopulationLines(text: string): { counts: Record<string, number>; badLines: number[] } {
  const counts: Record<string, number> = {};
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(.+?)[\s;,:\t]+(\d[\d\s\u00a0]*)$/.exec(line);
    const n = m ? Number(m[2]!.replace(/[\s\u00a0]/g, '')) : Number.NaN;
    if (!m || !Number.isSafeInteger(n) || m[1]!.length > 80) badLines.push(i + 1);
    else counts[m[1]!.trim()] = n;
  });
  return { counts, badLines };
}

export async function savePopulation(db: Db, input: { ageGroups: Record<string, string>; municipalities: string }): Promise<void> {
  const ageGroups: Record<string, number> = {};
  for (const g of poolAgeGroups) {
    const raw = (input.ageGroups[g] ?? '').replace(/[\s\u00a0]/g, '');
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw new AppError('invalid', 'panel.err.ageGroup', { group: g });
    ageGroups[g] = n;
  }
  const { counts, badLines } = parsePopulationLines(input.municipalities);
  if (badLines.length) throw new AppError('invalid', 'panel.err.lines', { lines: badLines.join(', ') });
  await db.query("update setting set value = $1, updated_at = now() where key = 'county_population'", [
    JSON.stringify(populationSchema.parse({ ageGroups, municipalities: counts })),
  ]);
}
