import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBoxMarker, MARKER_ATTR } from './box-marker';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the marker by the chat box', () => {
  it('shows fixed text in a closed shadow root next to the box, never touching the box', () => {
    const box = document.createElement('textarea');
    box.value = '买家的地址 13800138000';
    document.body.append(box);
    const marker = createBoxMarker(document, 'test');
    const onClick = vi.fn();
    marker.show(box, { kind: 'blocked', text: '已拦截', onClick });
    const host = document.querySelector<HTMLElement>('kefu-box-marker')!;
    expect(host.getAttribute(MARKER_ATTR)).toBe('blocked');
    // Closed: the page's scripts cannot reach what is inside, and nothing of ours is in the light DOM.
    expect(host.shadowRoot).toBeNull();
    expect(host.innerHTML).toBe('');
    expect(document.body.innerHTML).not.toContain('已拦截');
    expect(box.value).toBe('买家的地址 13800138000');
    expect(marker.shown).toBe(true);
    expect(host.style.getPropertyValue('pointer-events')).toBe('auto');

    marker.show(box, { kind: 'warn', text: '有风险' });
    expect(host.getAttribute(MARKER_ATTR)).toBe('warn');
    // Without a click handler the marker lets clicks through to the page.
    expect(host.style.getPropertyValue('pointer-events')).toBe('none');

    marker.hide();
    expect(host.hasAttribute(MARKER_ATTR)).toBe(false);
    expect(host.style.getPropertyValue('display')).toBe('none');
    expect(marker.shown).toBe(false);
    marker.dispose();
    expect(document.querySelector('kefu-box-marker')).toBeNull();
  });

  it('hides itself when the chat box leaves the page (a console re-render)', () => {
    const box = document.createElement('div');
    box.contentEditable = 'true';
    document.body.append(box);
    const marker = createBoxMarker(document, 'test');
    marker.show(box, { kind: 'block', text: 'x' });
    box.remove();
    window.dispatchEvent(new Event('resize'));
    expect(marker.shown).toBe(false);
    marker.dispose();
  });
});
