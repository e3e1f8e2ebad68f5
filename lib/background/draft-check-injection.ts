import { browser } from 'wxt/browser';
import type { Sender } from '../messaging/bus';
import { loadSettings } from '../settings/settings';
import { mayHostSidebar } from './console-injection';

/** The unlisted script entrypoints/draft-check.ts, built beside the manifest. */
export const DRAFT_CHECK_SCRIPT = '/draft-check.js';

const refuse = (message: string, code = 'bad-sender') => Object.assign(new Error(message), { code });

/**
 * `loadDraftCheck`: injects the live draft check (lib/content/draft-check-loader.ts)
 * into the frame of the content script that asked. Only our content script
 * in a console may ask (not one of our own pages, not a site the sidebar may
 * not run on), and only while the agent has the check on.
 */
export async function injectDraftCheck(sender: Sender): Promise<Record<string, never>> {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  if (tabId === undefined || frameId === undefined) throw refuse('loadDraftCheck needs a content script in a tab');
  if (typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'))) {
    throw refuse('loadDraftCheck is for the content script, not extension pages');
  }
  if (!(await mayHostSidebar(sender.url ?? sender.tab?.url))) throw refuse('The sidebar is not enabled on this page');
  if (!(await loadSettings()).draftCheck) throw refuse('The live draft check is off in settings', 'not-enabled');
  await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [DRAFT_CHECK_SCRIPT] });
  return {};
}
