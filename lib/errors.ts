/**
 * Errors that reach the user carry a stable code (for tests, logs and the
 * `{ok:false, error:{code, message}}` message envelope) and an i18n key that the
 * UI turns into a sentence saying what to fix.
 */
export type ErrorCode =
  | 'validation'
  | 'duplicate-code'
  | 'not-found'
  /** Closing a complaint case whose required steps or fields are not done (fields name them). */
  | 'case-incomplete'
  | 'no-reply-field'
  /** A signed-in agent changing what the supervisor keeps for the team (fields name which). */
  | 'read-only'
  | 'insert-rejected'
  | 'no-content-script'
  | 'bad-sender'
  | 'bad-message'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field-level problems, keyed by field name, values are i18n keys. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toErrorPayload(err: unknown): { code: ErrorCode; message: string; fields?: Record<string, string> } {
  if (err instanceof AppError) return { code: err.code, message: err.message, fields: err.fields };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
