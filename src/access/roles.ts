export const roles = ['admin', 'manager', 'handler', 'professional', 'analyst', 'coordinator'] as const;
export type Role = (typeof roles)[number];

export interface RoleGrant {
  role: Role;
  nodeId: number;
  nodeCode: string;
  /** The node is the county itself (the root of its tree): the grant covers everything. */
  root: boolean;
}

/** Who is acting: a signed-in person, an integration's API key, or the system itself (CLI, jobs). */
export type Principal =
  | { kind: 'user'; userId: number; username: string; displayName: string; locale: 'fi' | 'sv' | 'en'; grants: RoleGrant[] }
  | {
      kind: 'api_key';
      keyId: number | null;
      name: string;
      scopes: string[];
      /** The node the key was made for: it acts only in that subtree. Null for KAIKU_ADMIN_API_KEY and keys made from the CLI. */
      nodeId: number | null;
      /** Its node is the county root, or it has none: county-wide scopes (audit, SMS outbox, surveys) work. */
      countyWide: boolean;
    }
  | { kind: 'system'; name: string };

export function actorLabel(p: Principal): string {
  if (p.kind === 'user') return p.username;
  if (p.kind === 'api_key') return `api-key:${p.name}`;
  return p.name;
}

export function actorUserId(p: Principal): number | null {
  return p.kind === 'user' ? p.userId : null;
}
