import { afterEach, describe, expect, it } from 'vitest';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import type { Reply } from '@/lib/db/records';
import { DUPLICATES_PAGE, LibraryDuplicates } from './LibraryDuplicates';
import { until } from './testing-seed';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const reply = (id: string, body: string): Reply => ({
  id,
  title: id,
  body,
  group: '',
  code: '',
  tags: [],
  variants: [],
  pinned: false,
  usageCount: 0,
  variantCursor: 0,
  sortKey: 0,
  createdAt: 0,
  updatedAt: 0,
  author: '',
});

/** `sets` pairs of replies whose bodies differ only in punctuation: one set of duplicates each. */
const pairs = (sets: number) => Array.from({ length: sets }, (_, i) => [reply(`a${i}`, `您好，第${i}号！`), reply(`b${i}`, `您好 第${i}号`)]).flat();
const noop = () => undefined;

describe('duplicates finder', () => {
  it('shows the first sets and more on request, saying how many are left', async () => {
    const sets = DUPLICATES_PAGE * 2 + 7;
    const v = (view = render(<LibraryDuplicates replies={pairs(sets)} dismissed={new Set()} onMerge={noop} onDismiss={noop} onShowDismissed={noop} onEdit={noop} />));
    await until(() => expect(v.all('library-dup')).toHaveLength(DUPLICATES_PAGE));
    expect(v.one('library-dup-more').textContent).toBe(`再显示 ${DUPLICATES_PAGE} 组（还有 ${sets - DUPLICATES_PAGE} 组）`);
    v.one('library-dup-more').click();
    await until(() => expect(v.all('library-dup')).toHaveLength(DUPLICATES_PAGE * 2));
    expect(v.one('library-dup-more').textContent).toBe('再显示 7 组（还有 7 组）');
    v.one('library-dup-more').click();
    await until(() => expect(v.all('library-dup')).toHaveLength(sets));
    expect(v.all('library-dup-more')).toHaveLength(0);
  });

  it('says in English how many more there are, and shows no button when all fit', async () => {
    const en = (view = render(<LibraryDuplicates replies={pairs(DUPLICATES_PAGE + 1)} dismissed={new Set()} onMerge={noop} onDismiss={noop} onShowDismissed={noop} onEdit={noop} />, 'en'));
    await until(() => expect(en.one('library-dup-more').textContent).toBe('Show 1 more (1 left)'));
    en.unmount();
    const zh = (view = render(<LibraryDuplicates replies={pairs(DUPLICATES_PAGE)} dismissed={new Set()} onMerge={noop} onDismiss={noop} onShowDismissed={noop} onEdit={noop} />));
    await until(() => expect(zh.all('library-dup')).toHaveLength(DUPLICATES_PAGE));
    expect(zh.all('library-dup-more')).toHaveLength(0);
  });
});
