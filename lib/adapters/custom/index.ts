import * as z from 'zod/mini';
import { findEditable, pageContext, textOf } from '../dom';
import type { SiteAdapter } from '../types';
import { compileMatchPattern, isValidMatchPattern } from './match-pattern';

/**
 * A console the user adds in settings: where it lives and where its reply box,
 * buyer, order and shop are. Stored in settings and shown in the options page,
 * so it is a schema; zod/mini because the content script builds adapters from it.
 */
export const CustomSite = z.object({
  /** Settings key and PageContext.platform; prefixed so it never collides with a built-in id. */
  id: z.string().check(z.regex(/^custom-[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'custom-id-format' })),
  name: z.string().check(z.trim(), z.minLength(1, { message: 'name-required' })),
  /** Chrome match patterns, e.g. `https://example.com/chat/*`. */
  matches: z
    .array(z.string().check(z.refine(isValidMatchPattern, { message: 'invalid-match-pattern' })))
    .check(z.minLength(1, { message: 'matches-required' })),
  replySelector: z.string().check(z.trim(), z.minLength(1, { message: 'reply-selector-required' })),
  buyerSelector: z.optional(z.string()),
  orderSelector: z.optional(z.string()),
  shopSelector: z.optional(z.string()),
});
export type CustomSite = z.infer<typeof CustomSite>;

/**
 * Whether `selector` parses as CSS in `doc`. A user-typed selector can be
 * invalid (the schema cannot check CSS without a DOM); querySelector then throws
 * a DOMException (name "SyntaxError" in browsers; happy-dom leaves the name
 * unset), and the contract says the readers never throw. Only DOMExceptions are
 * absorbed; anything else still surfaces.
 */
function isValidSelector(doc: Document, selector: string): boolean {
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch (error) {
    if (error instanceof DOMException) return false;
    throw error;
  }
}

/** The selector as a one-item list when present and valid in `doc`, else an empty list (yields nothing). */
function usable(doc: Document, selector: string | undefined): string[] {
  const trimmed = selector?.trim();
  return trimmed && isValidSelector(doc, trimmed) ? [trimmed] : [];
}

/** Builds the adapter for a user-defined console. Selectors are plain CSS in the top document. */
export function createCustomAdapter(site: CustomSite): SiteAdapter {
  const patterns = site.matches.map(compileMatchPattern);
  return {
    id: site.id,
    name: { zh: site.name, en: site.name },
    canInsert: true,
    detect: (url) => patterns.some((matches) => matches(url)),
    // The user picks elements that show a name, not necessarily an id, so the
    // buyer selector fills buyerName.
    readContext: (doc) =>
      pageContext(site.id, {
        shop: textOf(doc, usable(doc, site.shopSelector)),
        buyerName: textOf(doc, usable(doc, site.buyerSelector)),
        orderId: textOf(doc, usable(doc, site.orderSelector)),
      }),
    findReplyField: (doc) => findEditable(doc, usable(doc, site.replySelector)),
  };
}
