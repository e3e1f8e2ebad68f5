import { browser, type Browser } from 'wxt/browser';
import { adapterById, type CustomSite } from '../adapters';
import type { Customer } from '../db/records';
import { AppError } from '../errors';
import type { Lang } from '../i18n/messages';
import { log } from '../log';
import { isOwnExtensionPage, listen, type Handlers } from '../messaging/bus';
import { loadCustomSites } from '../settings/custom-sites';
import { loadSettings, resolveLanguage } from '../settings/settings';
import { bringConsoleForward, type ConsoleOutcome } from './console-tabs';

/**
 * What the background's notifying alarms share (follow-up-alarms.ts and
 * case-alarms.ts): wording a notification in the agent's language, showing a
 * run's notifications with one summing up the rest, opening the buyer's console
 * from a click, and the wiring of alarm, clicks and reschedule message.
 */

export interface NotificationText {
  title: string;
  message: string;
}

/** The notification icon (public/notification-icon.png): Chrome requires one. */
const ICON = '/notification-icon.png';

/** Where the buyer is: the console's name in `lang`, and the shop when known. */
export function whereOf(lang: Lang, customer: Pick<Customer, 'platform' | 'shop'>, customSites: readonly CustomSite[]): string {
  const platform = adapterById(customer.platform, customSites)?.name[lang] ?? customer.platform;
  return customer.shop ? `${platform} · ${customer.shop}` : platform;
}

/**
 * Shows a run's notifications, at most `max`, and one summing up the rest
 * (after a long absence). `word` gets the agent's language and custom sites.
 * A notification the OS refuses is logged and not retried: an OS that refuses
 * them would otherwise be asked at every run.
 */
export async function showNotifications<T>(opts: {
  fresh: readonly T[];
  max: number;
  word: (item: T, lang: Lang, customSites: readonly CustomSite[]) => { id: string; text: NotificationText };
  more: (count: number, lang: Lang) => { id: string; text: NotificationText };
  what: string;
}): Promise<void> {
  const lang = resolveLanguage((await loadSettings()).language, navigator.language);
  const customSites = await loadCustomSites();
  const iconUrl = browser.runtime.getURL(ICON);
  const create = async ({ id, text }: { id: string; text: NotificationText }) => {
    try {
      await browser.notifications.create(id, { type: 'basic', iconUrl, ...text });
    } catch (err) {
      log.error(`${opts.what} notification not shown`, err, { id });
    }
  };
  const shown = opts.fresh.slice(0, opts.max);
  for (const item of shown) await create(opts.word(item, lang, customSites));
  const more = opts.fresh.length - shown.length;
  if (more > 0) await create(opts.more(more, lang));
}

/**
 * A click on one of a module's notifications: brings the buyer's console
 * forward (see console-tabs.ts), and the summary any console, where the
 * sidebar lists them. `platformOf` gets the id's part after `prefix`; a record
 * deleted or erased since the notification opens nothing. Notifications of
 * other modules are not this one's: undefined.
 */
export async function openFromNotification(
  notificationId: string,
  ids: { prefix: string; moreId: string },
  platformOf: (rest: string) => Promise<string>,
): Promise<ConsoleOutcome | undefined> {
  if (notificationId === ids.moreId) {
    await browser.notifications.clear(notificationId);
    return bringConsoleForward(undefined);
  }
  if (!notificationId.startsWith(ids.prefix)) return undefined;
  await browser.notifications.clear(notificationId);
  let platform: string;
  try {
    platform = await platformOf(notificationId.slice(ids.prefix.length));
  } catch (err) {
    if (err instanceof AppError && err.code === 'not-found') return 'none';
    throw err;
  }
  return bringConsoleForward(platform);
}

/**
 * Wires a notifying alarm into the background: the alarm, notification
 * clicks, the reschedule message from this extension's pages (and from no
 * other sender), and a run now (every worker start). Returns the unwiring.
 */
export function registerNotifyingAlarm(opts: {
  alarm: string;
  run: () => Promise<unknown>;
  onClicked: (notificationId: string) => Promise<unknown>;
  handlers: Handlers<'background'>;
  what: string;
}): () => void {
  const fail = (err: unknown) => log.error(`${opts.what} failed`, err);
  const onAlarm = (alarm: Browser.alarms.Alarm) => {
    if (alarm.name === opts.alarm) opts.run().catch(fail);
  };
  const onClicked = (notificationId: string) => {
    opts.onClicked(notificationId).catch((err: unknown) => log.error(`opening from a ${opts.what} notification failed`, err, { notificationId }));
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  browser.notifications.onClicked.addListener(onClicked);
  const stopListening = listen('background', opts.handlers, (sender) => isOwnExtensionPage(sender));
  opts.run().catch(fail);
  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    browser.notifications.onClicked.removeListener(onClicked);
    stopListening();
  };
}
