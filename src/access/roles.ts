export const roles = ['admin', 'manager', 'handler', 'professional', 'analyst', 'coordinator'] as const;
export type Role = (typeof roles)[number];

export interface RoleGrant {
  role: Role;
  nodeId: number;
  nodeCode: string;
}

/** Who is acting: a signed-in person, an integration's API key, or the system itself (CLI, jobs). */
export type Principal =
  | { kind: 'user'; userId: number; username: string; displayName: string; locale: 'fi' | 'sv' | 'en'; grants: RoleGrant[] }
  | { kind: 'api_key'; keyId: number | null; name: string; scopes: string[] }
  | { kind: 'system'; name: string };

export function actorLabel(p: Principal): string {
  if (p.kind === 'user') return p.username;
  if (p.kind === 'api_key') return `api-key:${p.name}`;
  return p.name;
}

export function actorUserId(p: Principal): number | null {
  return p.kind === 'user' ? p.userId : null;
}
