import { useEffect, useState } from 'react';
import { log } from '@/lib/log';
import type { Settings } from '@/lib/settings/settings';
import { authorOf, loadAccount, onAccountChanged, type SyncAccount } from '@/lib/sync/client/account';

/**
 * The author of what this page writes (authorOf): the signed-in account's
 * name, else the settings' agent name. Follows sign-in and sign-out made in
 * another page (the workbench's sync page) without a reload.
 */
export function useAuthor(settings: Pick<Settings, 'agentName'>): string {
  const [account, setAccount] = useState<SyncAccount | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const stop = onAccountChanged((a) => {
      live = false; // a change wins over a slower first read
      setAccount(a);
    });
    loadAccount().then(
      (a) => {
        if (live) setAccount(a);
      },
      (err: unknown) => log.warn('sync account unreadable', { err: String(err) }),
    );
    return () => {
      live = false;
      stop();
    };
  }, []);
  return authorOf(settings, account);
}
