import type { CaseFilter } from '@/lib/db/cases';
import type { CaseStatus, ComplaintType } from '@/lib/db/complaint-records';

/** The case list's filters as the form holds them (dates as the date inputs' "YYYY-MM-DD"). */
export interface CaseFilterState {
  status: CaseStatus[];
  type: ComplaintType[];
  /** '' = every agent. */
  agent: string;
  overdue: boolean;
  from: string;
  to: string;
}

export const EMPTY_CASE_FILTER: CaseFilterState = { status: [], type: [], agent: '', overdue: false, from: '', to: '' };

/** Local midnight of a "YYYY-MM-DD" date input; undefined when empty or not a date. */
export function localDayStart(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const at = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isNaN(at) ? undefined : at;
}

/** The form's filters as listCases takes them: "to" includes that whole day. */
export function toCaseFilter(f: CaseFilterState): CaseFilter {
  const from = localDayStart(f.from);
  const toStart = localDayStart(f.to);
  let to: number | undefined;
  if (toStart !== undefined) {
    const end = new Date(toStart);
    end.setDate(end.getDate() + 1);
    to = end.getTime() - 1;
  }
  return {
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.type.length ? { type: f.type } : {}),
    ...(f.agent ? { agent: f.agent } : {}),
    ...(f.overdue ? { overdue: true } : {}),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}

export const isFiltered = (f: CaseFilterState): boolean =>
  f.status.length > 0 || f.type.length > 0 || f.agent !== '' || f.overdue || f.from !== '' || f.to !== '';
