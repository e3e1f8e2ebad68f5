import * as z from 'zod';

/**
 * Imported first by sync-page.ts, before any schema is built (zod reads the
 * setting when a schema is created). That copy of zod runs from a DevTools
 * evaluation, where zod's check for eval passes, but its compiled parsers
 * then meet the extension page's CSP (no 'unsafe-eval'): parse without them.
 */
z.config({ jitless: true });
