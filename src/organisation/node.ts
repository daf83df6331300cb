export const nodeKinds = ['county', 'division', 'result_area', 'unit', 'service'] as const;
export type NodeKind = (typeof nodeKinds)[number];

/** A child sits lower than its parent: a unit may hang under a division, never the reverse. */
export const kindRank: Record<NodeKind, number> = { county: 0, division: 1, result_area: 2, unit: 3, service: 4 };

export type Lang = 'fi' | 'sv' | 'en';

export interface OrgNode {
  id: number;
  code: string;
  kind: NodeKind;
  parent_id: number | null;
  name_fi: string;
  name_sv: string | null;
  name_en: string | null;
  active: boolean;
}

export const nodeColumns = 'id, code, kind, parent_id, name_fi, name_sv, name_en, active';

/** The name in the asked language, falling back to Finnish (every node has one). */
export function nodeName(n: Pick<OrgNode, 'name_fi' | 'name_sv' | 'name_en'>, lang: Lang): string {
  return (lang === 'sv' ? n.name_sv : lang === 'en' ? n.name_en : null) || n.name_fi;
}
