import type { KefuDatabase } from './database';
import { createReply } from './replies';
import { starterRepliesFor } from './starter-library';

/**
 * Fills an empty library with the starter replies of the agent's language.
 * Runs once per install; does nothing when the library already has replies
 * (live or deleted), so a user who cleared it does not get them back.
 */
export async function seedStarterLibrary(db: KefuDatabase, lang: 'zh' | 'en', opts: { author: string; now?: number }): Promise<number> {
  return db.transaction('rw', db.replies, async () => {
    if ((await db.replies.count()) > 0) return 0;
    let n = 0;
    for (const starter of starterRepliesFor(lang)) {
      const { starterId, lang: starterLang, ...draft } = starter;
      await createReply(db, draft, { ...opts, extra: { starterId, lang: starterLang } });
      n++;
    }
    return n;
  });
}
