export { ReplyIndex } from './reply-index';
export type { MatchField, MatchVia, SearchableReply, SearchHit, SearchOptions } from './reply-index';
