import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';

/**
 * An error the client caused, answered as `{error: {code, message, issues?}}`
 * with a 4xx status. The message says what to fix; `issues` lists the fields
 * of a request that failed validation (path like `mutations.3.fields.body`).
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path.map(String)].join('.'), message: i.message }));
}

export function validationError(what: string, error: z.ZodError, prefix: (string | number)[] = []): HttpError {
  const issues = issuesOf(error, prefix);
  const first = issues[0];
  return new HttpError(400, 'validation', `${what} is invalid${first ? `: ${first.path || '(body)'}: ${first.message}` : ''}`, issues);
}
