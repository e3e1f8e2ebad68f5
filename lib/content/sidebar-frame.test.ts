import { afterEach, describe, expect, it } from 'vitest';
import { openedByAgent } from '../sidebar/focus';
import { createSidebarFrame, type SidebarFrame } from './sidebar-frame';

const SRC = 'chrome-extension://abc/sidebar.html';
let frame: SidebarFrame | undefined;
afterEach(() => {
  frame?.destroy();
  frame = undefined;
});

function mount(collapsed: boolean): SidebarFrame {
  frame = createSidebarFrame({
    doc: document,
    src: SRC,
    layout: { collapsed, width: 360, mode: 'push' },
    launcherTitle: '话术',
    onLayoutChange: () => undefined,
  });
  return frame;
}

/** Whether the sidebar page will take the focus on its first render: what its URL tells it (SidebarApp). */
const takesFocus = (f: SidebarFrame) => openedByAgent(new URL(f.iframe!.src).hash);

describe('the sidebar frame and the focus', () => {
  it('opening by itself (left open on this site) loads the sidebar without taking the focus from the page', () => {
    const f = mount(false);
    expect(f.iframe?.src.startsWith(SRC)).toBe(true);
    expect(takesFocus(f)).toBe(false);
  });

  it('opened by the agent from the edge tab, it loads with its search box focused', () => {
    const f = mount(true);
    expect(f.iframe).toBeNull();
    f.open(true);
    expect(takesFocus(f)).toBe(true);
  });

  it('opened by a script without focus (no agent action), it does not take it', () => {
    const f = mount(true);
    f.open(false);
    expect(takesFocus(f)).toBe(false);
  });
});
