import { createApp, h, ref, vModelText, withDirectives } from 'vue';
import { app, exposeModel, ready } from '../harness';

// v-model on a textarea as the 拼多多 console compiles it (vModelText listens
// to input, and ignores input while an IME composes).
createApp({
  setup() {
    const text = ref('');
    exposeModel(() => text.value);
    return () => withDirectives(h('textarea', { id: 'chat', rows: 4, 'onUpdate:modelValue': (v: string) => (text.value = v) }), [[vModelText, text.value]]);
  },
}).mount(app());
ready();
