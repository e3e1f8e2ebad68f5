import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { useT } from '@/components/sidebar/i18n';
import { SyncStatus } from '@/components/sync/SyncStatus';
import type { KefuDatabase } from '@/lib/db/database';
import { log } from '@/lib/log';
import { sendToBackground } from '@/lib/messaging/bus';
import { acceptInvite, connectionOf, loadAccount, parseInvite, signIn, signOut, type SyncAccount } from '@/lib/sync/client/account';
import { api, normaliseServerUrl, type Fetch } from '@/lib/sync/client/api';
import './SyncPage.css';

/**
 * The workbench's 团队同步 / Team sync page (#/sync, issue 7): sign in or
 * join a team with an invite code, the account and its devices (revoke one),
 * sync status with Sync now, and the conflict copies kept on this device.
 * The account and the device list are server state (TanStack Query).
 */
export function SyncPage({ db, fetch }: { db: KefuDatabase; fetch?: Fetch }) {
  const t = useT();
  const account = useQuery({ queryKey: ['sync-account'], queryFn: async () => (await loadAccount()) ?? null });
  return (
    <section className="wb-page sync-page" data-testid="sync-page">
      <h1>{t('sync.nav')}</h1>
      <p className="hint">{t('sync.page.hint')}</p>
      {account.data === undefined ? null : account.data ? <Account db={db} account={account.data} fetch={fetch} /> : <SignInForm db={db} fetch={fetch} />}
      <SyncStatus db={db} />
      <Conflicts db={db} />
    </section>
  );
}

const notifyBackground = () => sendToBackground('syncAccountChanged', {}).catch((err: unknown) => log.warn('background not told of the account', { err: String(err) }));

function SignInForm({ db, fetch }: { db: KefuDatabase; fetch?: Fetch }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'signIn' | 'join'>('signIn');
  const [form, setForm] = useState({ server: '', login: '', password: '', name: '', invite: '' });
  const submit = useMutation({
    mutationFn: async (granted: Promise<boolean>) => {
      const invite = parseInvite(form.invite);
      const server = mode === 'join' && invite.serverUrl ? invite.serverUrl : form.server;
      if (!(await granted)) throw new Error(t('sync.form.permission'));
      if (mode === 'signIn') return signIn(db, server, { login: form.login, password: form.password }, fetch);
      return acceptInvite(db, server, { code: invite.code, login: form.login, name: form.name, password: form.password }, fetch);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['sync-account'] });
      await notifyBackground();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // The permission prompt needs the click's user gesture: ask before any await.
    let granted: Promise<boolean>;
    try {
      const invite = parseInvite(form.invite);
      const url = new URL(normaliseServerUrl(mode === 'join' && invite.serverUrl ? invite.serverUrl : form.server));
      granted = browser.permissions.request({ origins: [`${url.origin}/*`] });
    } catch {
      granted = Promise.resolve(true); // the address is refused with its reason by signIn itself
    }
    submit.mutate(granted);
  };
  const field = (key: keyof typeof form, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={form[key]} data-testid={`sync-${key}`} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <form className="editor sync-form" onSubmit={onSubmit} data-testid="sync-form">
      <div role="radiogroup">
        {(['signIn', 'join'] as const).map((m) => (
          <label key={m} className="check">
            <input type="radio" name="sync-mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`sync-mode-${m}`} /> {t(`sync.form.mode.${m}`)}
          </label>
        ))}
      </div>
      {mode === 'join' ? field('invite', t('sync.form.invite')) : null}
      {field('server', t('sync.form.server'), 'url')}
      {field('login', t('sync.form.login'))}
      {mode === 'join' ? field('name', t('sync.form.name')) : null}
      {field('password', t('sync.form.password'), 'password')}
      <button type="submit" disabled={submit.isPending} data-testid="sync-submit">
        {t(mode === 'signIn' ? 'sync.form.submit.signIn' : 'sync.form.submit.join')}
      </button>
      {submit.error ? (
        <p className="sync-status-error" role="alert" data-testid="sync-form-error">
          {t('sync.form.failed', { message: submit.error.message })}
        </p>
      ) : null}
    </form>
  );
}

function Account({ db, account, fetch }: { db: KefuDatabase; account: SyncAccount; fetch?: Fetch }) {
  const t = useT();
  const queryClient = useQueryClient();
  const conn = connectionOf(account, fetch);
  const devices = useQuery({ queryKey: ['sync-devices', account.deviceId], queryFn: () => api.devices(conn) });
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeDevice(conn, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sync-devices'] }),
  });
  const out = useMutation({
    mutationFn: () => signOut(db, fetch),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['sync-account'] });
      await notifyBackground();
    },
  });
  return (
    <div className="editor" data-testid="sync-account">
      <p>{t('sync.account', { user: account.userName, role: t(`sync.role.${account.role}`), team: account.teamName, server: account.serverUrl })}</p>
      <button type="button" onClick={() => out.mutate()} disabled={out.isPending} data-testid="sync-sign-out">
        {t('sync.signOut')}
      </button>
      <h2>{t('sync.devices')}</h2>
      {devices.error ? <p className="sync-status-error">{t('sync.devices.failed', { message: devices.error.message })}</p> : null}
      <ul className="sync-devices">
        {(devices.data?.devices ?? []).map((d) => (
          <li key={d.id} data-testid="sync-device">
            {d.userName} · {d.name} {d.current ? t('sync.devices.current') : null} {d.revokedAt ? <span className="hint">{t('sync.devices.revoked')}</span> : null}
            {!d.current && !d.revokedAt ? (
              <button type="button" onClick={() => revoke.mutate(d.id)} disabled={revoke.isPending}>
                {t('sync.devices.revoke')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

const FIELD_KEYS = { title: 'form.title', body: 'form.body', variants: 'sync.conflicts.variants' } as const;

function Conflicts({ db }: { db: KefuDatabase }) {
  const t = useT();
  const rows = useLiveQuery(async () => {
    const metas = await db.syncRecords.where('conflictAt').above(0).toArray();
    const replies = await db.replies.bulkGet(metas.map((m) => m.recordId));
    return metas.map((m, i) => ({ meta: m, title: replies[i]?.title ?? m.recordId }));
  }, [db]);
  if (!rows?.length) return null;
  return (
    <div className="editor" data-testid="sync-conflicts">
      <h2>{t('sync.conflicts')}</h2>
      <p className="hint">{t('sync.conflicts.hint')}</p>
      <ul>
        {rows.flatMap(({ meta, title }) =>
          Object.entries(meta.conflicts).flatMap(([field, copies]) =>
            copies.map((c) => (
              <li key={`${meta.id}:${field}:${c.hlc}`} data-testid="sync-conflict">
                {t('sync.conflicts.item', { title, field: field in FIELD_KEYS ? t(FIELD_KEYS[field as keyof typeof FIELD_KEYS]) : field, author: c.author, value: typeof c.value === 'string' ? c.value : JSON.stringify(c.value) })}
              </li>
            )),
          ),
        )}
      </ul>
    </div>
  );
}
