import { invalidField } from '../refusal.ts';
import { monthRange, type DayRange } from './usage-report.ts';

/** The longest range one usage report covers: a year of days is enough for a chart, and bounded. */
const maxDays = 366;

/** `from` and `to` as the caller gave them (ISO days, UTC, both included), or the current month. */
export function dayRangeOf(query: { from?: unknown; to?: unknown }, now: Date): DayRange {
  const month = monthRange(now);
  const from = query.from === undefined || query.from === '' ? month.from : isoDayOf('from', query.from);
  const to = query.to === undefined || query.to === '' ? (query.from ? lastDayOfMonth(from) : month.to) : isoDayOf('to', query.to);
  if (to < from) throw invalidField('to', 'must not be before from', 'invalid_query');
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= maxDays) throw invalidField('to', `a range covers at most ${maxDays} days`, 'invalid_query');
  return { from, to };
}

function isoDayOf(field: string, value: unknown): string {
  const parsed = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw invalidField(field, 'must be a day like 2026-03-31', 'invalid_query');
  }
  return value;
}

const lastDayOfMonth = (day: string): string => monthRange(new Date(`${day}T00:00:00Z`)).to;
