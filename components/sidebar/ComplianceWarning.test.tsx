import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileRules } from '@/lib/compliance/matcher';
import { starterRuleSets } from '@/lib/compliance/starter-rules';
import type { Reply } from '@/lib/db/records';
import type { SearchHit } from '@/lib/search';
import { ComplianceWarning } from './ComplianceWarning';
import { RepliesPanel } from './RepliesPanel';
import { ReplyEditor } from './ReplyEditor';
import { render, type Rendered } from './render-testing';

const matcher = compileRules(starterRuleSets);
const check = (text: string) => matcher.check(text);

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

function typeText(area: HTMLElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(area, value);
  area.dispatchEvent(new Event('input', { bubbles: true }));
}

async function editor(lang: 'zh' | 'en' = 'zh') {
  const onSave = vi.fn();
  await act(async () => {
    view = render(<ReplyEditor groups={[]} triggerKey="/" errors={{}} saving={false} onSave={onSave} onCancel={() => undefined} check={check} />, lang);
  });
  view!.one('reply-title').dispatchEvent(new Event('input', { bubbles: true }));
  return { view: view!, onSave };
}

describe('ReplyEditor compliance check', () => {
  it('shows a block match live with its words and category, and refuses to save', async () => {
    const { view, onSave } = await editor();
    expect(view.all('compliance-warning')).toEqual([]);
    await act(async () => {
      typeText(view.one('reply-body'), '亲，加我微信发你图片');
    });
    const warning = view.one('compliance-warning');
    expect(warning.dataset.severity).toBe('block');
    expect(warning.textContent).toContain('微信');
    expect(warning.textContent).toContain('引导站外联系');
    expect(view.all('compliance-mark', warning).map((m) => m.textContent)).toEqual(['加我微信']);
    await act(async () => {
      view.one('reply-save').click();
    });
    expect(onSave).not.toHaveBeenCalled();
    expect(view.one('compliance-save-blocked').textContent).toMatch(/违反平台规则：.*微信.*请修改后再保存，或询问主管/);
    // Changed wording: the warning goes and saving works.
    await act(async () => {
      typeText(view.one('reply-body'), '亲，图片已经在这里发给您了');
    });
    expect(view.all('compliance-warning')).toEqual([]);
    await act(async () => {
      view.one('reply-save').click();
    });
    expect(onSave).toHaveBeenCalledTimes(1);
  });

  it('takes a tone suggestion in one click, and a hint does not stop saving', async () => {
    const { view, onSave } = await editor('en');
    await act(async () => {
      typeText(view.one('reply-body'), '订单信息你自己看吧');
    });
    const warning = view.one('compliance-warning');
    expect(warning.dataset.severity).toBe('hint');
    expect(warning.textContent).toContain('Commands and rhetorical questions');
    await act(async () => {
      view.one('compliance-apply').click();
    });
    expect((view.one('reply-body') as HTMLTextAreaElement).value).toBe('订单信息麻烦您查看一下吧');
    expect(view.all('compliance-warning')).toEqual([]);
    await act(async () => {
      typeText(view.one('reply-body'), '你自己看');
    });
    await act(async () => {
      view.one('reply-save').click();
    });
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ body: '你自己看' }));
  });
});

describe('ComplianceWarning', () => {
  it('renders nothing without matches', async () => {
    await act(async () => {
      view = render(<ComplianceWarning text="您好" matches={[]} />);
    });
    expect(view!.container.innerHTML).toBe('');
  });
});

describe('RepliesPanel risk badge', () => {
  const reply = (id: string, body: string): Reply => ({
    id,
    title: id,
    body,
    group: '',
    code: '',
    tags: [],
    variants: [],
    pinned: false,
    sortKey: 1,
    usageCount: 0,
    createdAt: 1,
    updatedAt: 1,
    author: '',
  } as unknown as Reply);

  it('marks only the risky replies, with the most severe level', async () => {
    const replies = [reply('safe', '亲，您好'), reply('risky', '全网最低价，好评返现5元')];
    await act(async () => {
      view = render(
        <RepliesPanel
          replies={replies}
          search={() => replies.map((r) => ({ id: r.id }) as SearchHit)}
          focusToken={0}
          action="insert"
          onInsert={() => undefined}
          onEdit={() => undefined}
          onNew={() => undefined}
          onDuplicate={() => undefined}
          onDelete={() => undefined}
          onTogglePin={() => undefined}
          onMove={() => undefined}
          onEscape={() => undefined}
          risk={(r) => check(r.body)}
        />,
      );
    });
    const items = view!.all('reply-item');
    expect(items.map((li) => view!.all('compliance-badge', li).map((b) => b.dataset.severity))).toEqual([[], ['block']]);
    expect(view!.one('compliance-badge').title).toContain('好评返现');
  });
});

describe('ComplianceSettings', () => {
  it('lists the rule sets with their coverage, and the switch turns one off', async () => {
    const { freshDb } = await import('@/lib/db/testing');
    const { listRuleSets, seedStarterRuleSets } = await import('@/lib/db/rule-sets');
    const { ComplianceSettings } = await import('./ComplianceSettings');
    const db = freshDb();
    await seedStarterRuleSets(db, { author: '' });
    await act(async () => {
      view = render(<ComplianceSettings author="小王" draftCheck={false} db={db} />, 'en');
    });
    await vi.waitFor(() => expect(view!.all('compliance-set')).toHaveLength(2));
    expect(view!.all('compliance-set').map((li) => li.textContent)).toEqual([
      expect.stringContaining('Chinese replies (built in)'),
      expect.stringContaining('English replies (built in)'),
    ]);
    expect(view!.all('compliance-coverage')[0]!.textContent.length).toBeGreaterThan(50);
    await act(async () => {
      view!.all('compliance-set-switch')[1]!.click();
    });
    await vi.waitFor(async () => expect((await listRuleSets(db)).map((r) => [r.enabled, r.author])).toEqual([[true, ''], [false, '小王']]));
    await vi.waitFor(() => expect((view!.all('compliance-set-switch')[1] as HTMLInputElement).checked).toBe(false));

    // The live draft check is off by default and saved at once when switched on.
    const { loadSettings } = await import('@/lib/settings/settings');
    expect((await loadSettings()).draftCheck).toBe(false);
    await act(async () => {
      view!.one('settings-draft-check').click();
    });
    await vi.waitFor(async () => expect((await loadSettings()).draftCheck).toBe(true));
    view!.unmount();
    view = undefined;
    await db.delete();
  });
});
