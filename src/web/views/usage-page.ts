import type { UsageReport } from '../../costs/usage-report.ts';
import { formatUsd } from './cost-view.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import type { PageContext } from './page-context.ts';
import { usageChart } from './usage-chart.ts';

export interface UsagePageOptions {
  report: UsageReport;
  /** The month shown, as `YYYY-MM`. */
  month: string;
  budget: { limit: number | null; spent: number };
}

/** What the signed-in user spent this month: the total, a chart by day, a table by model, and their budget. */
export function usagePage(ctx: PageContext, { report, month, budget }: UsagePageOptions): string {
  const budgetLine =
    budget.limit === null
      ? html`<p data-testid="budget">No monthly budget.</p>`
      : html`<p data-testid="budget">${formatUsd(budget.spent)} of your ${formatUsd(budget.limit)} monthly budget spent${budget.spent >= budget.limit ? html` — <strong>new replies start again next month</strong>` : ''}.</p>`;
  const body = html`<main class="page usage-page">
  <h1>Usage in ${month}</h1>
  <p class="usage-page__total" data-testid="usage-total">${formatUsd(report.usd)} · ${report.inputTokens} input and ${report.outputTokens} output tokens</p>
  ${budgetLine}
  <figure class="usage-page__chart">${usageChart(report.byDay)}</figure>
  ${
    report.byModel.length === 0
      ? html`<p>Nothing spent yet this month.</p>`
      : html`<table class="usage-page__models" data-testid="usage-by-model">
    <thead><tr><th scope="col">Model</th><th scope="col">Cost</th><th scope="col">Input tokens</th><th scope="col">Output tokens</th></tr></thead>
    <tbody>${report.byModel.map((m) => html`<tr><td>${m.model}</td><td>${formatUsd(m.usd)}</td><td>${m.inputTokens}</td><td>${m.outputTokens}</td></tr>`)}</tbody>
  </table>`
  }
  <p class="usage-page__note">Costs are at the prices this server is configured with; a cost marked ≈ was counted by Hotline because the provider reported no usage (a stopped reply).</p>
</main>`;
  return layout(ctx, { title: 'Usage', body });
}
