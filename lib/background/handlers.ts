import { browser } from 'wxt/browser';
import type { KefuDatabase } from '../db/database';
import { customerForContext } from '../db/customers';
import { findReplyByCode, listShortcutCodes, nextWording, recordReplyUse } from '../db/replies';
import { compactRules } from '../compliance/draft-rules';
import { breaksRules, engineRuleSets, listRuleSets, seedStarterRuleSets } from '../db/rule-sets';
import { seedStarters } from '../db/seed';
import { seedStarterChecklists } from '../db/starter-checklists';
import { renderTemplate } from '../insert/template';
import { log } from '../log';
import { listen, MessageError, sendToTab, type Sender } from '../messaging/bus';
import { ensureConsoleScript, mayHostSidebar } from './console-injection';
import { injectDraftCheck } from './draft-check-injection';
import { loadSettings, resolveLanguage } from '../settings/settings';
import { currentAuthor } from '../sync/client/account';

/**
 * The background's message handlers. It keeps no state in memory (MV3 service
 * workers restart at will): everything is read from the database or settings.
 */
export function registerBackgroundHandlers(getDb: () => KefuDatabase): () => void {
  // Only this extension's contexts can reach runtime.onMessage (no
  // externally_connectable), but check anyway: a foreign id is refused.
  const accept = (sender: Sender) => sender.id === browser.runtime.id;
  return listen(
    'background',
    {
      whoAmI: async (_req, sender) => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) throw Object.assign(new Error('whoAmI needs a tab'), { code: 'bad-sender' });
        // A page that frames our sidebar without being a console gets no link
        // to its tab (and so no insertion into it).
        if (!(await mayHostSidebar(sender.tab?.url))) {
          throw Object.assign(new Error('The sidebar is not enabled on this page'), { code: 'bad-sender' });
        }
        return { tabId, url: sender.tab?.url };
      },
      listShortcutCodes: async () => ({ codes: await listShortcutCodes(getDb()) }),
      getDraftRules: async ({ platform }) => compactRules(engineRuleSets(await listRuleSets(getDb())), platform),
      loadDraftCheck: (_req, sender) => injectDraftCheck(sender),
      expandShortcut: async ({ code, context }) => {
        const db = getDb();
        const reply = await findReplyByCode(db, code);
        if (!reply) return { kind: 'unknown' as const };
        const settings = await loadSettings();
        const lang = resolveLanguage(settings.language, navigator.language);
        const rendered = renderTemplate(
          nextWording(reply),
          {
            buyer: context.buyerName ?? context.buyerId,
            order: context.orderId,
            shop: context.shop ?? (settings.shopName || undefined),
            agent: settings.agentName || undefined,
          },
          {},
          { now: new Date(), locale: lang },
        );
        if (!rendered.ok) return { kind: 'needs-input' as const, replyId: reply.id };
        // A wording that breaks a platform rule is not expanded: the sidebar
        // (or, while it is closed, a note by the chat box) says which rule.
        if (await breaksRules(db, rendered.text, context.platform || undefined)) {
          return { kind: 'blocked' as const, replyId: reply.id };
        }
        const author = await currentAuthor(settings);
        let customerId: string | undefined;
        if (context.buyerId?.trim() || context.buyerName?.trim()) {
          // The buyer's record lists the replies sent to them; never fails the expansion.
          customerId = await customerForContext(db, context, { author }).then(
            (customer) => customer.id,
            (err: unknown) => {
              log.warn('reply not remembered for the customer', { err: String(err) });
              return undefined;
            },
          );
        }
        const shop = context.shop || settings.shopName;
        await recordReplyUse(db, reply.id, { author, platform: context.platform, shop, customerId });
        return { kind: 'text' as const, text: rendered.text, replyId: reply.id };
      },
    },
    accept,
  );
}

/** First install: the starter replies and checklists in the browser's language. */
export async function onFirstInstall(db: KefuDatabase): Promise<void> {
  const settings = await loadSettings();
  const lang = resolveLanguage(settings.language, navigator.language);
  const n = await seedStarters(db, lang, { author: await currentAuthor(settings) });
  log.info('starter library seeded', { lang, ...n });
}

/**
 * An update: starter checklists for a team that has none yet (installed before
 * complaint cases), and the built-in compliance rule sets never seeded before.
 */
export async function onUpdate(db: KefuDatabase): Promise<void> {
  const settings = await loadSettings();
  const lang = resolveLanguage(settings.language, navigator.language);
  const author = await currentAuthor(settings);
  const n = await seedStarterChecklists(db, lang, { author });
  if (n > 0) log.info('starter checklists seeded', { lang, checklists: n });
  const ruleSets = await seedStarterRuleSets(db, { author });
  if (ruleSets > 0) log.info('starter rule sets seeded', { ruleSets });
}

/**
 * The keyboard shortcut (Alt+K as a browser command, which also works while
 * focus is inside the sidebar frame) toggles the sidebar in the active tab.
 * Enabling another site is the popup's job (site-actions.ts): a shortcut is
 * no moment to ask for a permission.
 */
export async function toggleSidebarInTab(tab: { id?: number; url?: string } | undefined): Promise<void> {
  if (tab?.id === undefined) return;
  try {
    await sendToTab(tab.id, 'toggleSidebar', {});
  } catch (err) {
    if (!(err instanceof MessageError && err.code === 'no-content-script')) throw err;
    // A console tab without the script: opened before the extension was
    // installed or updated, or still loading. Start it now rather than ask
    // the agent to reload.
    if (!(await mayHostSidebar(tab.url))) return;
    await ensureConsoleScript(tab.id);
    // The injected script needs a moment to start listening.
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        await sendToTab(tab.id, 'toggleSidebar', {});
        return;
      } catch {
        /* not ready yet */
      }
    }
  }
}

export async function activeTab(): Promise<{ id?: number; url?: string } | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}
