import { adapter as amazonSellerCentral } from './amazon-seller-central';
import { createCustomAdapter, type CustomSite } from './custom';
import { adapter as etsy } from './etsy';
import { adapter as feige } from './feige';
import { adapter as generic } from './generic';
import { adapter as jdDongdong } from './jd-dongdong';
import { adapter as kuaishou } from './kuaishou';
import { adapter as lazada } from './lazada';
import { adapter as pinduoduo } from './pinduoduo';
import { adapter as shopee } from './shopee';
import { adapter as shopifyInbox } from './shopify-inbox';
import { adapter as taobao } from './taobao';
import { adapter as tiktokShop } from './tiktok-shop';
import type { SiteAdapter } from './types';
import { adapter as xiaohongshu } from './xiaohongshu';

export type { CustomSite } from './custom';
export type { PageContext, SiteAdapter } from './types';

/**
 * Every built-in site adapter (not generic, which is the fallback, nor custom
 * ones, which come from settings). Hosts do not overlap, so order only matters
 * for readability. The conventions test checks every folder is listed here.
 */
export const adapters: readonly SiteAdapter[] = [
  feige,
  pinduoduo,
  jdDongdong,
  kuaishou,
  taobao,
  xiaohongshu,
  shopee,
  lazada,
  tiktokShop,
  amazonSellerCentral,
  etsy,
  shopifyInbox,
];

export { generic as genericAdapter };

/**
 * The adapter for `url`: the user's custom sites first (so a user can override
 * a built-in that broke after a console redesign), then the built-ins, then
 * the generic fallback.
 */
export function pickAdapter(url: URL, customSites: readonly CustomSite[] = []): SiteAdapter {
  for (const site of customSites) {
    const custom = createCustomAdapter(site);
    if (custom.detect(url)) return custom;
  }
  return adapters.find((adapter) => adapter.detect(url)) ?? generic;
}

/** A built-in adapter (or generic, or one of `customSites`) by id; undefined when unknown. */
export function adapterById(id: string, customSites: readonly CustomSite[] = []): SiteAdapter | undefined {
  if (id === generic.id) return generic;
  const builtIn = adapters.find((adapter) => adapter.id === id);
  if (builtIn) return builtIn;
  const site = customSites.find((candidate) => candidate.id === id);
  return site ? createCustomAdapter(site) : undefined;
}

/** Hosts the e2e build's demo console is served from (see wxt.config.ts host_permissions). */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];
const DEMO_PATH = /^\/demo\/([a-z0-9-]+)(?:\/|$)/;

/**
 * For the local demo console of e2e builds: `http://127.0.0.1:<port>/demo/<id>/…`
 * or `http://localhost:<port>/demo/<id>/…` → `<id>` when a built-in adapter has
 * that id. Anything else (https, other hosts, unknown ids) → undefined, so a real
 * site can never steer adapter choice through its path.
 */
export function demoAdapterId(url: URL): string | undefined {
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.includes(url.hostname)) return undefined;
  const id = DEMO_PATH.exec(url.pathname)?.[1];
  return id !== undefined && adapters.some((adapter) => adapter.id === id) ? id : undefined;
}
