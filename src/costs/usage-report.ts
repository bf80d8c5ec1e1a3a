import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { roundUsd } from './reply-cost.ts';

/** What a user spent over some days (UTC), in total, by model and by day: `GET /api/usage`. */
export interface UsageReport {
  usd: number;
  inputTokens: number;
  outputTokens: number;
  byModel: Array<{ model: string; usd: number; inputTokens: number; outputTokens: number }>;
  /** Every day of the range, in order, days without spending included (a chart's bars). */
  byDay: Array<{ day: string; usd: number }>;
}

/** Days as ISO dates (`YYYY-MM-DD`), both included. */
export interface DayRange {
  from: string;
  to: string;
}

/** The replies and chat titles a user's spending is made of, ended within the range. */
export async function usageReport(db: Kysely<Database>, userId: string, range: DayRange): Promise<UsageReport> {
  const [start, end] = [`${range.from}T00:00:00.000Z`, `${nextDay(range.to)}T00:00:00.000Z`];
  const replies = await db
    .selectFrom('messages')
    // The tokens the cost was counted from, so that estimated replies count theirs; the provider's for a model with no price.
    .select((eb) => [
      'model',
      'cost_usd as usd',
      eb.fn.coalesce('cost_input_tokens', 'input_tokens').as('input_tokens'),
      eb.fn.coalesce('cost_output_tokens', 'output_tokens').as('output_tokens'),
      'completed_at as at',
    ])
    .where('user_id', '=', userId)
    .where('role', '=', 'assistant')
    .where('completed_at', '>=', start)
    .where('completed_at', '<', end)
    .execute();
  const titles = await db
    .selectFrom('title_costs')
    .select(['model', 'usd', 'input_tokens', 'output_tokens', 'created_at as at'])
    .where('user_id', '=', userId)
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .execute();
  const report: UsageReport = { usd: 0, inputTokens: 0, outputTokens: 0, byModel: [], byDay: daysOf(range).map((day) => ({ day, usd: 0 })) };
  const models = new Map<string, UsageReport['byModel'][number]>();
  const days = new Map(report.byDay.map((entry) => [entry.day, entry]));
  for (const row of [...replies, ...titles]) {
    const usd = row.usd ?? 0;
    const model = models.get(row.model ?? '') ?? { model: row.model ?? '', usd: 0, inputTokens: 0, outputTokens: 0 };
    models.set(model.model, model);
    model.usd += usd;
    model.inputTokens += row.input_tokens ?? 0;
    model.outputTokens += row.output_tokens ?? 0;
    report.usd += usd;
    report.inputTokens += row.input_tokens ?? 0;
    report.outputTokens += row.output_tokens ?? 0;
    const day = days.get(row.at!.slice(0, 10));
    if (day) day.usd += usd;
  }
  report.usd = roundUsd(report.usd);
  report.byModel = [...models.values()].map((m) => ({ ...m, usd: roundUsd(m.usd) })).sort((a, b) => b.usd - a.usd || a.model.localeCompare(b.model));
  for (const day of report.byDay) day.usd = roundUsd(day.usd);
  return report;
}

/** The calendar month (UTC) of a time, as a range of days. */
export function monthRange(now: Date): DayRange {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
  return { from: isoDay(first), to: isoDay(last) };
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const nextDay = (day: string): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000));

function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = nextDay(day)) days.push(day);
  return days;
}
