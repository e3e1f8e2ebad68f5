import * as z from 'zod';
import { ComplaintCase, StoredCaseEvent } from './complaint-records';
import { Customer, FollowUp, Note } from './records';

/**
 * One customer's full record as exported for the buyer or a supervisor (right
 * of access): everything stored about them, deleted notes and earlier wordings
 * included, their complaint cases with every event of each case's history, and
 * nothing derived for indexes (no search tokens).
 *
 * Version 2 added `cases` and `caseEvents` (complaint cases, issue 4). Version 1
 * had only the customer, notes and follow-ups.
 */
export const CustomerExport = z.object({
  format: z.literal('kefu-customer-export'),
  version: z.literal(2),
  exportedAt: z.number().int().nonnegative(),
  customer: Customer,
  notes: z.array(Note),
  followUps: z.array(FollowUp),
  /** Oldest first. */
  cases: z.array(ComplaintCase),
  /** Every case's history, grouped by case in the order of `cases`, each oldest first. */
  caseEvents: z.array(StoredCaseEvent),
});
export type CustomerExport = z.infer<typeof CustomerExport>;
