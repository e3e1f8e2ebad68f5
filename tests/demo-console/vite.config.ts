import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const repo = resolve(root, '../..');

/** Every index.html/input.html under the demo root becomes a page of the multi-page build. */
function pages(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !['shared', 'public', 'node_modules'].includes(entry.name)) Object.assign(found, pages(path));
    else if (entry.isFile() && entry.name.endsWith('.html')) found[relative(root, path).replace(/\.html$/, '')] = path;
  }
  return found;
}

// Build: npx vite build --config tests/demo-console/vite.config.ts  (output: .output/demo-console/)
// Serve: npx tsx tests/demo-console/server.ts
export default defineConfig({
  root,
  base: '/',
  appType: 'mpa',
  publicDir: join(root, 'public'),
  logLevel: 'warn',
  define: {
    // Vue's esm-bundler build expects these flags; defining them keeps its console warning away.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  oxc: {
    // React 19 JSX without @vitejs/plugin-react: Vite's own transform with the automatic runtime.
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
  build: {
    outDir: join(repo, '.output/demo-console'),
    emptyOutDir: true,
    // The CSP page allows no data: URLs, so every asset stays a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: { input: pages(root) },
  },
});
