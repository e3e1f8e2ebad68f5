import type { SyncAccount } from './account';

/** A signed-in account as browser.storage.local holds it, for tests. */
export function testAccount(userName = '小张'): SyncAccount {
  return {
    serverUrl: 'https://sync.example.com',
    token: 'tok-1',
    deviceId: 'dev-1',
    deviceName: 'Browser',
    teamId: 'team-1',
    teamName: '星河旗舰店',
    userId: 'user-1',
    userName,
    login: 'xiaozhang',
    role: 'agent',
  };
}
