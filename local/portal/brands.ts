import type { BrandFile } from '../../lib/config';
import { DEFAULT_TIME_ZONE } from '../../lib/email/formats';
import type { PortalBrand } from './pages';

/**
 * Each local brand's pages, placed where its resetUrl points (`/pumpalarm/reset-password`), with
 * its siblings beside it: `/pumpalarm/forgot-password` and `/pumpalarm/reset-password/done`.
 */
export function portalBrandsOf(file: BrandFile): PortalBrand[] {
  return file.brands.map((brand) => {
    const resetPath = new URL(brand.resetUrl).pathname;
    const base = resetPath.slice(0, resetPath.lastIndexOf('/'));
    const timeZone = brand.timeZone ?? DEFAULT_TIME_ZONE;
    return { name: brand.name, resetPath, forgotPath: `${base}/forgot-password`, donePath: `${resetPath}/done`, tokenTtlSeconds: brand.tokenTtlSeconds, timeZone };
  });
}
