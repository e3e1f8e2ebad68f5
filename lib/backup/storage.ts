import type { Lang } from '../i18n/messages';

/**
 * The storage facts the data page shows: bytes used and the browser's quota
 * (navigator.storage.estimate) and whether the data is kept permanently
 * (navigator.storage.persisted / persist). The StorageManager is passed in so
 * the page's tests use a fake one.
 */
export type StorageLike = Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;

export interface StorageFacts {
  usage?: number;
  quota?: number;
  persisted: boolean;
}

export async function readStorage(storage: StorageLike | undefined): Promise<StorageFacts> {
  if (!storage) return { persisted: false };
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted()]);
  return { usage: estimate.usage, quota: estimate.quota, persisted };
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB" (binary multiples, as the browsers' own storage pages count). */
export function formatBytes(bytes: number, lang: Lang): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: digits })} ${UNITS[unit]}`;
}
