import { z } from 'zod';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';
import { actorLabel, type Principal } from '../access/roles.ts';
import { canEditOrganisation } from '../access/permissions.ts';
import { importOrgTree, type ImportOrgResult } from './import-org-tree.ts';
import { ancestry, getNodeByCode } from './tree-queries.ts';

export const nodeEditSchema = z.object({
  name_fi: z.string().trim().min(1).max(300),
  name_sv: z.string().trim().max(300).default(''),
  name_en: z.string().trim().max(300).default(''),
  parent: z.string().trim().max(200).default(''),
  active: z.enum(['true', 'false']).default('false'),
});

/**
 * Edits one node: the same checks and change log as a file import of one row, so a move
 * that would make a cycle or close a node with open units below is refused the same way.
 */
export async function updateNode(db: Db, actor: Principal, code: string, input: unknown): Promise<ImportOrgResult> {
  const node = await getNodeByCode(db, code);
  const ids = (await ancestry(db, node.id)).map((n) => n.id);
  if (!canEditOrganisation(actor, ids)) throw new AppError('forbidden', 'Not allowed to edit this node');
  const e = nodeEditSchema.parse(input);
  if (e.parent) {
    const parent = await getNodeByCode(db, e.parent);
    const parentIds = (await ancestry(db, parent.id)).map((n) => n.id);
    if (!canEditOrganisation(actor, parentIds)) throw new AppError('forbidden', 'Not allowed to move under that node');
  }
  return importOrgTree(db, {
    partial: true,
    source: `edit by ${actorLabel(actor)}`,
    rows: [
      {
        line: 1,
        code,
        parentCode: e.parent || null,
        kind: node.kind,
        nameFi: e.name_fi,
        nameSv: e.name_sv || null,
        nameEn: e.name_en || null,
        active: e.active === 'true',
      },
    ],
  });
}
