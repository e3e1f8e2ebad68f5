import type * as z from 'zod';
import { AppError } from '../errors';
import { complaintErrorsEn, type ComplaintErrorKey } from './complaint-messages';
import { customerErrorsEn, type CustomerErrorKey } from './customer-messages';

/** An i18n key of a repository error: customer records' or complaint cases'. */
export type ErrorKey = CustomerErrorKey | ComplaintErrorKey;

/**
 * Field-level problems keyed by field name; values are i18n keys (the schemas
 * put them in their messages, e.g. 'note-text-required'). zod's own defaults
 * are sentences, which map to the generic 'invalid'.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    fields[key] ??= messageKey(issue) ?? 'invalid';
  }
  return fields;
}

const isKey = (message: string): boolean => /^[a-z-]+$/.test(message);

/** The i18n key of an issue; a bad record key (preferences) nests its real issue inside. */
function messageKey(issue: z.core.$ZodIssue): string | undefined {
  if (isKey(issue.message)) return issue.message;
  if ('issues' in issue && Array.isArray(issue.issues)) {
    for (const inner of issue.issues) {
      const key = messageKey(inner);
      if (key !== undefined) return key;
    }
  }
  return undefined;
}

/** The English text of a field key, for the developer-facing message and logs. */
function explain(key: string): string {
  if (key in customerErrorsEn) return customerErrorsEn[key as CustomerErrorKey];
  return key in complaintErrorsEn ? complaintErrorsEn[key as ComplaintErrorKey] : key;
}

/**
 * Parses `input` or throws a 'validation' AppError whose fields name each bad
 * field with an i18n key, and whose message says in English what to fix.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error);
  const problems = Object.entries(fields).map(([field, key]) => `${field}: ${explain(key)}`);
  throw new AppError('validation', `${what} has invalid fields. ${problems.join(' ')}`, fields);
}

/** A not-found error that names the record and carries an i18n key for the agent. */
export function notFound(what: string, id: string, key: ErrorKey): AppError {
  return new AppError('not-found', `${what} ${id} does not exist (it may have been deleted or erased)`, { form: key });
}

/** A rule the input broke, with the field and i18n key saying what to fix. */
export function invalid(field: string, key: ErrorKey): AppError {
  return new AppError('validation', `${field}: ${explain(key)}`, { [field]: key });
}
