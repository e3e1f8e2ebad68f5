import * as z from 'zod/mini';
import { PageContext } from '../adapters/types';
import { DraftRules } from '../compliance/draft-rules';

/**
 * Every cross-context message, defined once. zod/mini keeps the content
 * script's share small; the schemas are the types. Each message names who
 * receives it; the receiver validates the request and checks the sender.
 *
 * Routes:
 * - sidebar → content script: `browser.tabs.sendMessage(tabId, …, {frameId: 0})`
 * - content script → sidebar: `browser.runtime.sendMessage` (the sidebar keeps
 *   only messages whose sender is its own tab's top frame)
 * - anyone → background: `browser.runtime.sendMessage`
 * None of these are visible to the host page.
 */

export const SidebarMode = z.enum(['push', 'overlay']);
export type SidebarMode = z.infer<typeof SidebarMode>;

export const SidebarLayout = z.object({
  width: z.number().check(z.minimum(280), z.maximum(720)),
  mode: SidebarMode,
  collapsed: z.boolean(),
});
export type SidebarLayout = z.infer<typeof SidebarLayout>;

/** What the content script knows about the page, for the sidebar. */
export const PageState = z.object({
  adapterId: z.string(),
  /** The adapter's name in both languages (custom sites carry the agent's own name). */
  adapterName: z.object({ zh: z.string(), en: z.string() }),
  context: PageContext,
  /** False where the console's chat box is out of a web page's reach (千牛). */
  canInsert: z.boolean(),
  /** True when a chat box is known: the adapter's, or the last focused editable. */
  hasReplyField: z.boolean(),
  /** The sidebar's layout on this site. */
  layout: SidebarLayout,
});
export type PageState = z.infer<typeof PageState>;

export const InsertOutcome = z.object({
  method: z.string(),
});
export type InsertOutcome = z.infer<typeof InsertOutcome>;


const Empty = z.object({});

export const messages = {
  // → content script (sent by the sidebar of the same tab)
  getPageState: { to: 'content', req: Empty, res: PageState },
  insertText: {
    to: 'content',
    req: z.object({
      text: z.string().check(z.minLength(1), z.maxLength(20_000)),
      /** Characters before the caret to replace (a shortcut code being expanded). */
      deleteBefore: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(64))),
    }),
    res: InsertOutcome,
  },
  focusReplyField: { to: 'content', req: Empty, res: z.object({ focused: z.boolean() }) },
  /** The text the agent selected on the page, for "save to customer notes" (a note holds at most 5,000 characters). */
  readSelection: { to: 'content', req: Empty, res: z.object({ text: z.string().check(z.maxLength(5000)) }) },
  /**
   * The context menu's "save to customer notes" (sent by the background): the
   * sidebar opens and saves the text to the record of the buyer on screen.
   * `text` is the menu's selectionText, used when the top frame has no
   * selection of its own (the chat sits in a frame). `delivered` is false when
   * the sidebar did not answer in time.
   */
  captureToNotes: { to: 'content', req: z.object({ text: z.string().check(z.maxLength(20_000)) }), res: z.object({ delivered: z.boolean() }) },
  setSidebarLayout: { to: 'content', req: z.partial(SidebarLayout), res: SidebarLayout },
  toggleSidebar: { to: 'content', req: Empty, res: z.object({ open: z.boolean() }) },
  /** Tries a custom site's selectors on this page, for the settings form. */
  testSelectors: {
    to: 'content',
    req: z.object({
      replySelector: z.string(),
      buyerSelector: z.optional(z.string()),
      orderSelector: z.optional(z.string()),
      shopSelector: z.optional(z.string()),
    }),
    res: z.object({
      /** Selectors that are not valid CSS, by field name. */
      invalid: z.array(z.string()),
      replyFound: z.boolean(),
      buyer: z.optional(z.string()),
      order: z.optional(z.string()),
      shop: z.optional(z.string()),
    }),
  },

  // → sidebar (sent by the content script of the same tab)
  pageStateChanged: { to: 'sidebar', req: PageState, res: Empty },
  focusSearch: { to: 'sidebar', req: Empty, res: Empty },
  /**
   * A shortcut code whose reply needs answers (fill-in fields) before
   * insertion, or (`blocked`) whose wording a compliance rule stopped: the
   * sidebar shows which rule and why.
   */
  expandInSidebar: {
    to: 'sidebar',
    req: z.object({ replyId: z.string(), deleteBefore: z.number(), blocked: z.optional(z.boolean()) }),
    res: Empty,
  },
  /** Text the agent chose to save to the current customer's notes (context menu). */
  captureNote: { to: 'sidebar', req: z.object({ text: z.string().check(z.minLength(1), z.maxLength(5000)) }), res: Empty },

  // → background
  whoAmI: { to: 'background', req: Empty, res: z.object({ tabId: z.number(), url: z.optional(z.string()) }) },
  listShortcutCodes: { to: 'background', req: Empty, res: z.object({ codes: z.array(z.string()) }) },
  /** Resolves a typed shortcut code to the wording to insert, and records the use. */
  expandShortcut: {
    to: 'background',
    req: z.object({ code: z.string().check(z.maxLength(32)), context: PageContext }),
    res: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('text'), text: z.string(), replyId: z.string() }),
      z.object({ kind: z.literal('needs-input'), replyId: z.string() }),
      /** The wording breaks a `block` rule: not expanded; the reply's id only, never its text. */
      z.object({ kind: z.literal('blocked'), replyId: z.string() }),
      z.object({ kind: z.literal('unknown') }),
    ]),
  },
  /**
   * The compliance rules for the live check of the agent's draft on this
   * console, compacted (lib/compliance/draft-rules.ts): the rules go to the
   * content script, the draft never leaves it.
   */
  getDraftRules: { to: 'background', req: z.object({ platform: z.string().check(z.maxLength(80)) }), res: DraftRules },
  /**
   * The content script, the first time the live draft check is on: the
   * background injects the check's script into the sender's frame
   * (lib/content/draft-check-loader.ts). Refused to anyone but our content
   * script on a console, and while the setting is off.
   */
  loadDraftCheck: { to: 'background', req: Empty, res: Empty },
  /**
   * A follow-up (回访) was written, e.g. by the sidebar: the background moves
   * the reminder alarm to the next due time (and shows any reminder now due).
   * Only this extension's pages may send it. `nextAt` is when the alarm fires, if any.
   */
  rescheduleFollowUpReminders: { to: 'background', req: Empty, res: z.object({ nextAt: z.optional(z.number()) }) },
  /**
   * A complaint case was opened or changed: the background moves the deadline
   * alarm (lib/background/case-alarms.ts) and notifies steps now overdue.
   * Only this extension's pages may send it.
   */
  rescheduleCaseAlarms: { to: 'background', req: Empty, res: z.object({ nextAt: z.optional(z.number()) }) },
  /**
   * The workbench's custom-site form: tries the selectors in an open tab of
   * the site (any tab whose URL one of `matches` covers) through its content
   * script. `no-tab` when none is open, `not-enabled` when the sidebar may not
   * run in it. Only this extension's pages may send it.
   */
  testSelectorsOnSite: {
    to: 'background',
    req: z.object({
      matches: z.array(z.string()).check(z.minLength(1)),
      selectors: z.object({
        replySelector: z.string(),
        buyerSelector: z.optional(z.string()),
        orderSelector: z.optional(z.string()),
        shopSelector: z.optional(z.string()),
      }),
    }),
    res: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('no-tab') }),
      z.object({ kind: z.literal('not-enabled'), tabTitle: z.string() }),
      z.object({
        kind: z.literal('tested'),
        tabTitle: z.string(),
        invalid: z.array(z.string()),
        replyFound: z.boolean(),
        buyer: z.optional(z.string()),
        order: z.optional(z.string()),
        shop: z.optional(z.string()),
      }),
    ]),
  },
  /** The popup: opens the sidebar in that tab (starting the content script if the site may host it). */
  openSidebarInTab: { to: 'background', req: z.object({ tabId: z.number() }), res: z.object({ opened: z.boolean() }) },
  /**
   * The popup's "enable on this site", after the popup asked for the site's
   * permission in the click: remembers the site and opens the sidebar there.
   * `enabled` is false when the permission is not held.
   */
  enableSiteInTab: { to: 'background', req: z.object({ tabId: z.number() }), res: z.object({ enabled: z.boolean() }) },
  /** The popup's follow-up list: brings the customer's console forward, as a click on the reminder does. */
  openCustomerConsole: {
    to: 'background',
    req: z.object({ customerId: z.string() }),
    res: z.object({ outcome: z.enum(['focused', 'opened', 'none']) }),
  },
  /** Team sync (lib/background/sync.ts): run now; answers the status after the run. Own pages only. */
  syncNow: { to: 'background', req: Empty, res: z.object({ status: z.string(), error: z.optional(z.string()) }) },
  /** Signed in or out in a page: restart the change stream and sync. Own pages only. */
  syncAccountChanged: { to: 'background', req: Empty, res: Empty },
} as const;

export type Messages = typeof messages;
export type MessageType = keyof Messages;
export type Receiver = Messages[MessageType]['to'];
export type RequestOf<T extends MessageType> = z.infer<Messages[T]['req']>;
export type ResponseOf<T extends MessageType> = z.infer<Messages[T]['res']>;
export type MessagesTo<R extends Receiver> = { [K in MessageType]: Messages[K]['to'] extends R ? K : never }[MessageType];

/** The wire shape: tagged so unrelated extension messages are ignored. */
export const Envelope = z.object({
  channel: z.literal('kefu'),
  type: z.string(),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof Envelope>;

export interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
