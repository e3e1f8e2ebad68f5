/** Shapes shared by every demo console page. All data behind them is invented. */

export type Lang = 'zh' | 'en';

export interface Message {
  from: 'buyer' | 'agent' | 'system';
  text: string;
  /** Clock time shown beside the bubble, e.g. "14:02". */
  time: string;
  /** True for messages sent with the page's Send button in this session (they get data-testid="demo-sent"). */
  sent?: boolean;
}

export interface Order {
  id: string;
  title: string;
  sku: string;
  price: string;
  qty: number;
  status: string;
  placedAt: string;
}

export interface Conversation {
  /** Value of `?c=` and of `data-conversation-id`. */
  id: string;
  buyerName: string;
  /** Platform buyer id (uid / account). */
  buyerId: string;
  /** First order is the active one, the one the order panel highlights. */
  orders: Order[];
  messages: Message[];
  /** Buyer messages that "arrive" a few seconds after the conversation is opened, so the page looks alive. */
  incoming: string[];
  tags: string[];
  unread: number;
}

/**
 * The glue between the shared shell and one editor library. Each binding reads
 * the text from the editor's OWN model (React state, Vue data, Quill, Lexical,
 * ProseMirror...), never from the DOM, because that is what a real console sends.
 */
export interface EditorBinding {
  /** Builds the editor inside `host`; `submit` sends the draft (Enter handling lives with the editor). */
  mount(host: HTMLElement, submit: () => void): void | Promise<void>;
  getText(): string;
  clear(): void;
  focus(): void;
  /** Caret offset in the model text, or null when the editor has no selection. */
  getCaret(): number | null;
}

export interface DemoApi {
  getModelText(): string;
  getSent(): string[];
  getCaret(): number | null;
  /** Id of the conversation on screen. */
  getConversationId(): string;
}

declare global {
  interface Window {
    __demo?: DemoApi;
  }
}
