import { app, exposeModel, ready } from '../harness';

declare global {
  interface Window {
    __addFrame?: () => Promise<void>;
  }
}

// The chat box in a same-origin iframe that the console mounts late: the test
// adds the frame only after the engine's focus tracker is running, so the
// tracker must attach to frames that appear later.
window.__addFrame = () =>
  new Promise<void>((resolve) => {
    const frame = document.createElement('iframe');
    frame.id = 'chat-frame';
    frame.src = 'iframe-inner.html';
    frame.style.cssText = 'width:400px;height:120px';
    frame.addEventListener('load', () => resolve(), { once: true });
    app().append(frame);
  });
exposeModel(() => (document.getElementById('chat-frame') as HTMLIFrameElement | null)?.contentDocument?.querySelector('textarea')?.value ?? '');
ready();
