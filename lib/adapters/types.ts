import * as z from 'zod/mini';

/**
 * What the content script can tell about the conversation on screen. Crosses
 * the content-script/sidebar boundary, so it is a zod schema (zod/mini keeps the
 * content script small; the schema is the type).
 */
export const PageContext = z.object({
  /** Adapter id (= folder name under lib/adapters). */
  platform: z.string(),
  /** Shop name as the console shows it, when it does. */
  shop: z.optional(z.string()),
  /** Stable buyer id (uid, account name) when the console exposes one. */
  buyerId: z.optional(z.string()),
  /** Buyer nickname as shown to the agent. */
  buyerName: z.optional(z.string()),
  /** Order id of the active order card / URL. */
  orderId: z.optional(z.string()),
});
export type PageContext = z.infer<typeof PageContext>;

/** Localised label: every user-visible text exists in 简体中文 and English. */
export interface Label {
  zh: string;
  en: string;
}

/**
 * One seller console. The adapter's id is its folder name, its DB value and its
 * settings key. `detect` is pure (URL only); the DOM readers take a Document so
 * they can be tested on saved fixtures.
 */
export interface SiteAdapter {
  id: string;
  name: Label;
  /** True when this adapter handles the page at `url`. Pure. */
  detect(url: URL): boolean;
  /** Reads buyer, order and shop from the page. Never throws; missing fields are omitted. */
  readContext(doc: Document, url: URL): PageContext;
  /**
   * The chat input the agent types replies into, or null when none is on screen.
   * May return an element inside an open shadow root or a same-origin iframe.
   */
  findReplyField(doc: Document): HTMLElement | null;
  /**
   * False where a web page cannot reach the chat box (千牛 is a desktop client):
   * the sidebar still works and replies fall back to copy-to-clipboard.
   */
  canInsert: boolean;
  /**
   * Where the console's chat workbench opens, when there is one address for
   * every seller (regional consoles such as Shopee or Amazon have none). A
   * follow-up reminder opens it when no tab of the console is open.
   */
  consoleUrl?: string;
}
