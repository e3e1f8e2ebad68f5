/** Texts of team sync's status (issue 7), in the sidebar settings and the workbench. */
export const syncZh = {
  'sync.title': '团队同步',
  'sync.off': '未开启：话术和客户档案只保存在这台电脑上。',
  'sync.status.idle': '已同步',
  'sync.status.syncing': '正在同步…',
  'sync.status.offline': '离线：连不上同步服务器，恢复后自动同步',
  'sync.status.error': '同步出错',
  'sync.status.off': '未开启',
  'sync.lastSync': '上次同步：{time}',
  'sync.never': '尚未同步',
  'sync.pending': '{count} 条改动等待上传',
  'sync.lastError': '最近的错误：{message}',
  'sync.rejected': '{count} 条改动被服务器拒绝（例如只有主管能改团队话术）',
  'sync.now': '立即同步',
  'sync.nowFailed': '没能开始同步：{message}',
} as const;

export const syncEn: Record<keyof typeof syncZh, string> = {
  'sync.title': 'Team sync',
  'sync.off': 'Off: replies and customer records stay on this computer only.',
  'sync.status.idle': 'Up to date',
  'sync.status.syncing': 'Syncing…',
  'sync.status.offline': 'Offline: the sync server cannot be reached; syncs again when it can',
  'sync.status.error': 'Sync failed',
  'sync.status.off': 'Off',
  'sync.lastSync': 'Last sync: {time}',
  'sync.never': 'Not synced yet',
  'sync.pending': '{count} change(s) waiting to upload',
  'sync.lastError': 'Last error: {message}',
  'sync.rejected': '{count} change(s) refused by the server (e.g. only the supervisor edits team replies)',
  'sync.now': 'Sync now',
  'sync.nowFailed': 'Could not start a sync: {message}',
};
