import { eastmereTenders } from './data/eastmere-tenders.js';
import { operaLumiere } from './data/opera-lumiere.js';
import { staatsoperNord } from './data/staatsoper-nord.js';
import { teatroLirico } from './data/teatro-lirico.js';
import { buildEastmereTenders } from './render/eastmere-tenders.js';
import { buildOperaLumiere } from './render/opera-lumiere.js';
import { buildStaatsoperNord } from './render/staatsoper-nord.js';
import { buildTeatroLirico } from './render/teatro-lirico.js';
import type { BuiltSite } from './site.js';

/** Every demo site, rendered from its data module. Pure and deterministic: the same bytes on every call. */
export async function buildDemoSites(): Promise<BuiltSite[]> {
  return [buildStaatsoperNord(staatsoperNord), buildTeatroLirico(teatroLirico), buildOperaLumiere(operaLumiere), await buildEastmereTenders(eastmereTenders)];
}
