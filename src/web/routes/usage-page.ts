import type { FastifyInstance } from 'fastify';
import { monthOf } from '../../costs/spending-ledger.ts';
import { monthRange, usageReport } from '../../costs/usage-report.ts';
import type { Hotline } from '../../hotline.ts';
import type { AssetCatalog } from '../assets/asset-catalog.ts';
import { usagePage } from '../views/usage-page.ts';
import { pageContext, requireSession } from '../web-request.ts';

/** The signed-in user's usage page: this month's spending. */
export function usagePageRoutes(app: FastifyInstance, hotline: Hotline, assets: AssetCatalog): void {
  app.get('/usage', { onRequest: requireSession }, async (request, reply) => {
    const user = request.session!.user;
    const now = new Date(hotline.clock.now());
    const month = monthOf(now.toISOString());
    const report = await usageReport(hotline.db.kysely, user.id, monthRange(now));
    const budget = { limit: await hotline.budgets.limitFor(user.id), spent: await hotline.budgets.ledger.spent(user.id, month) };
    return reply.type('text/html').send(usagePage(pageContext(request, reply, assets), { report, month, budget }));
  });
}
