import type { KefuDatabase } from './database';
import { createReply } from './replies';
import { seedStarterRuleSets } from './rule-sets';
import { seedStarterChecklists } from './starter-checklists';
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

/**
 * Everything a new install starts with, in the agent's language: the starter
 * replies, then the starter checklists, whose steps link to those replies,
 * then the built-in compliance rule sets (both languages: every draft is
 * checked against both). Idempotent: replies and checklists are added only to
 * an empty table, each rule set only if it was never seeded. An update from a
 * version without checklists seeds only those (seedStarterChecklists): the
 * team's replies are theirs.
 */
export async function seedStarters(
  db: KefuDatabase,
  lang: 'zh' | 'en',
  opts: { author: string; now?: number },
): Promise<{ replies: number; checklists: number }> {
  return db.transaction('rw', [db.replies, db.checklistTemplates, db.ruleSets], async () => {
    const replies = await seedStarterLibrary(db, lang, opts);
    const checklists = await seedStarterChecklists(db, lang, opts);
    // Not counted in the result: the rule sets are not part of the team's library.
    await seedStarterRuleSets(db, opts);
    return { replies, checklists };
  });
}
