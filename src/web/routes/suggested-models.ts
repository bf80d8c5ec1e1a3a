import type { Hotline } from '../../hotline.ts';

/** Models to offer on the new-chat form: the default, and a usual model of each configured provider. */
export function suggestedModels(hotline: Hotline): string[] {
  const { config, catalog } = hotline;
  const models = [catalog.defaultModel];
  if (config.openai) models.push('openai:gpt-4o-mini', 'openai:gpt-4o');
  if (config.anthropic) models.push('anthropic:claude-sonnet-4-5', 'anthropic:claude-haiku-4-5');
  models.push('offline');
  return [...new Set(models)];
}
