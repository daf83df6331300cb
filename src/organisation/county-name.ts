import type { Db } from '../shared/db.ts';
import { memoPerDatabase } from '../shared/db-memo.ts';
import type { OrgNode } from './node.ts';
import { roots } from './tree-queries.ts';
import { type Brand, readBrand } from './brand.ts';

// Read for every page, changed only by an import of the tree: a minute old is fresh enough.
const memo = memoPerDatabase<Pick<OrgNode, 'name_fi' | 'name_sv' | 'name_en'> | undefined>({ ttlMs: 60_000, maxEntries: 1 });

/** The county's name in each language: the root of the organisation tree. */
export async function countyName(db: Db): Promise<{ fi: string; sv: string | null; en: string | null } | undefined> {
  const county = await memo(db, 'county', async () => (await roots(db))[0]);
  return county ? { fi: county.name_fi, sv: county.name_sv, en: county.name_en } : undefined;
}

const brandMemo = memoPerDatabase<Brand>({ ttlMs: 60_000, maxEntries: 1 });

/** The county's logo and home address for every page's header; a save here is seen at once. */
export const siteBrand = (db: Db) => brandMemo(db, 'brand', () => readBrand(db));
export const forgetSiteBrand = (db: Db) => brandMemo.forget(db);
