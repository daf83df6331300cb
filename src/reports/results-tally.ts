/** Answers and value counts per group, as they are added up from the sums and counted from the answers. */
export interface GroupCounts {
  answers: number;
  values: Map<string, Map<string, number>>;
}

export const addCount = (g: GroupCounts, key: string, value: string, n: number) => {
  if (!n) return;
  let m = g.values.get(key);
  if (!m) g.values.set(key, (m = new Map()));
  m.set(value, (m.get(value) ?? 0) + n);
};

/** The groups of one query, made as they are first met. */
export class Tally {
  readonly groups = new Map<string, GroupCounts>();

  group(key: string): GroupCounts {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { answers: 0, values: new Map() }));
    return g;
  }
}
