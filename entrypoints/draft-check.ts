import { createDraftCheck } from '@/lib/content/draft-check';
import { provideDraftCheck } from '@/lib/content/draft-check-loader';

// The live draft check, injected by the background into a console's frame
// only when the agent has it on (lib/content/draft-check-loader.ts): it
// hands its factory to the content script through their shared isolated world.
export default defineUnlistedScript({
  // No `var draftCheck = …` global: nothing to name, the factory goes under a symbol.
  globalName: false,
  main() {
    provideDraftCheck(createDraftCheck);
  },
});
