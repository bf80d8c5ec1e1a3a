import 'dotenv/config';
import { openStore } from './adapters/store/open-store.ts';
import { ConfigError, loadConfig } from './config.ts';
import { Budgets } from './costs/budgets.ts';
import { monthOf, SpendingLedger } from './costs/spending-ledger.ts';

/**
 * Operator commands, run beside the server on the same configuration (`npm run hotline -- <command>`):
 *   budget <email> <usd>    sets the user's own monthly budget, over HOTLINE_BUDGET_USD_PER_MONTH
 *   budget <email> default  removes it: the configured budget applies again
 */
const usage = 'usage: npm run hotline -- budget <email> <usd | default>';

async function run(args: string[]): Promise<string> {
  const [command, email, amount] = args;
  if (command !== 'budget' || !email || !amount) throw new ConfigError(usage);
  const usd = amount === 'default' ? null : Number(amount);
  if (usd !== null && (!/^\d+(\.\d+)?$/.test(amount) || !Number.isFinite(usd)))
    throw new ConfigError(`budget: "${amount}" is not an amount of US dollars, like 20 or 7.50\n${usage}`);
  const config = loadConfig(process.env);
  const store = await openStore(config.database);
  try {
    const ledger = new SpendingLedger(store.kysely, store.dialect);
    const budgets = new Budgets(store.kysely, ledger, config.costs.budgetUsdPerMonth);
    if (!(await budgets.setUserBudget(email, usd))) throw new ConfigError(`budget: no user has the email ${email}`);
    const user = await store.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const limit = await budgets.limitFor(user.id);
    const spent = await ledger.spent(user.id, monthOf(new Date().toISOString()));
    return `${email}: budget ${limit === null ? 'none' : `$${limit} a month`}${usd === null ? ' (the configured one)' : ''}; spent this month $${spent.toFixed(4)}`;
  } finally {
    await store.close();
  }
}

try {
  console.log(await run(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
