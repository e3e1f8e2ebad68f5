import { afterEach, describe, expect, it, vi } from 'vitest';
import { Reply } from '@/lib/db/records';
import type { SearchHit } from '@/lib/search';
import { RepliesPanel, type RepliesPanelProps } from './RepliesPanel';
import { render, type Rendered } from './render-testing';

const reply = (id: string, title: string) =>
  Reply.parse({ id, title, body: `${title}的内容`, group: '售前', code: '', tags: [], variants: [], pinned: false, sortKey: 1, usageCount: 0, variantCursor: 0, createdAt: 1, updatedAt: 1, author: '王主管' });

const replies = [reply('team1', '团队的问候'), reply('mine1', '我的问候')];

let view: Rendered | undefined;
afterEach(() => view?.unmount());

function renderPanel(extra: Partial<RepliesPanelProps>) {
  const props: RepliesPanelProps = {
    replies,
    search: (): SearchHit[] => replies.map((r) => ({ id: r.id, score: 0, field: 'title', via: 'text' })),
    focusToken: 0,
    action: 'insert',
    onInsert: vi.fn(),
    onEdit: vi.fn(),
    onNew: vi.fn(),
    onDuplicate: vi.fn(),
    onDelete: vi.fn(),
    onTogglePin: vi.fn(),
    onMove: vi.fn(),
    onEscape: vi.fn(),
    ...extra,
  };
  view = render(<RepliesPanel {...props} />);
  return props;
}

describe('RepliesPanel with the team library', () => {
  it('marks team replies and offers only insert and copy-to-mine on them; own replies keep every action', async () => {
    const props = renderPanel({ isTeam: (r) => r.id === 'team1' });
    await vi.waitFor(() => expect(view!.all('reply-item')).toHaveLength(2));
    const [team, mine] = view!.all('reply-item');
    expect(view!.all('reply-team-badge', team)).toHaveLength(1);
    expect(view!.all('reply-team-badge', mine)).toHaveLength(0);
    expect(view!.all('reply-edit', team)).toHaveLength(0);
    expect(view!.all('reply-delete', team)).toHaveLength(0);
    expect(view!.all('reply-insert', team)).toHaveLength(1);
    expect(view!.all('reply-edit', mine)).toHaveLength(1);
    expect(view!.all('reply-copy-to-mine', mine)).toHaveLength(0);
    view!.one('reply-copy-to-mine', team).click();
    expect(props.onDuplicate).toHaveBeenCalledWith(replies[0]);
  });

  it('shows every action on every reply when nothing is locked', async () => {
    renderPanel({});
    await vi.waitFor(() => expect(view!.all('reply-edit')).toHaveLength(2));
    expect(view!.all('reply-team-badge')).toHaveLength(0);
  });
});
