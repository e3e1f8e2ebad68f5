import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { app, exposeModel, ready } from '../harness';

// A controlled textarea like 飞鸽/Shopee: React's value tracker drops input
// events whose value it has already seen, so only a real edit reaches state.
let model = '';
function Chat() {
  const [value, setValue] = useState('');
  model = value;
  return createElement('textarea', { id: 'chat', rows: 4, value, onChange: (e: { target: HTMLTextAreaElement }) => setValue(e.target.value) });
}
exposeModel(() => model);
createRoot(app()).render(createElement(Chat));
requestAnimationFrame(() => setTimeout(ready, 0));
