import { actorLabel, type Principal } from '../access/roles.ts';
import { audit } from '../access/audit.ts';
import { canAdministerCounty } from '../access/permissions.ts';
import type { Db } from '../shared/db.ts';
import { AppError } from '../shared/errors.ts';

export interface Brand {
  /** Changes whenever the logo does, so a browser may keep the image for a long time. */
  logoVersion: string | null;
  homeUrl: string | null;
}

export const maxLogoBytes = 200 * 1024;

/** The county's logo setting and the address its name leads to. */
export async function readBrand(db: Db): Promise<Brand> {
  const [row] = await db.query<{ version: string | null; home_url: string | null }>(
    'select case when logo is null then null else md5(logo) end as version, home_url from county_brand where id = 1',
  );
  return { logoVersion: row?.version?.slice(0, 12) ?? null, homeUrl: row?.home_url ?? null };
}

export async function readLogo(db: Db): Promise<{ logo: Buffer; type: string } | undefined> {
  const [row] = await db.query<{ logo: Uint8Array; logo_type: string }>('select logo, logo_type from county_brand where id = 1 and logo is not null');
  return row ? { logo: Buffer.from(row.logo), type: row.logo_type } : undefined;
}

/** A PNG by its signature, an SVG by its root element; nothing else is shown as the county's logo. */
export function logoType(file: Buffer): 'image/png' | 'image/svg+xml' | undefined {
  if (file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  const head = file
    .subarray(0, 2048)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

export type BrandIssue = 'logo_type' | 'logo_size' | 'home_url';

/**
 * Saves the county's logo (a new file replaces it, `removeLogo` takes it away) and the address its
 * name leads to. Every issue is given at once; nothing is saved while any remains.
 */
export async function saveBrand(db: Db, actor: Principal, input: { logo?: Buffer | undefined; removeLogo: boolean; homeUrl: string }): Promise<void> {
  if (!canAdministerCounty(actor)) throw new AppError('forbidden', "The county's administrators only");
  const issues: BrandIssue[] = [];
  const type = input.logo?.length ? logoType(input.logo) : undefined;
  if (input.logo?.length && !type) issues.push('logo_type');
  if (input.logo && input.logo.length > maxLogoBytes) issues.push('logo_size');
  const homeUrl = input.homeUrl.trim();
  if (homeUrl && !/^https:\/\/[^\s/$.?#][^\s]*$/i.test(homeUrl)) issues.push('home_url');
  if (homeUrl.length > 500) issues.push('home_url');
  if (issues.length) throw new AppError('invalid', 'The brand settings are not valid', { issues: [...new Set(issues)] });
  const newLogo = type && input.logo ? input.logo : undefined;
  await db.query(
    `insert into county_brand (id, logo, logo_type, home_url, updated_by) values (1, $1, $2, $3, $4)
     on conflict (id) do update set
       logo = case when $5 then null when $1::bytea is not null then $1 else county_brand.logo end,
       logo_type = case when $5 then null when $1::bytea is not null then $2 else county_brand.logo_type end,
       home_url = $3, updated_at = now(), updated_by = $4`,
    [newLogo ?? null, newLogo ? type : null, homeUrl || null, actorLabel(actor), input.removeLogo && !newLogo],
  );
  await audit(db, actor, {
    action: 'brand_saved',
    targetType: 'county_brand',
    targetId: '1',
    details: { logo: newLogo ? type : input.removeLogo ? 'removed' : 'kept', homeUrl: homeUrl || null },
  });
}
