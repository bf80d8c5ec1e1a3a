import type { ServerExtension } from '../http/server-extension.ts';
import { aiSdkRoutes } from './ai-sdk-ui/routes.ts';
import { openAiChatRoutes } from './openai-chat/routes.ts';
import { openAiResponsesRoutes } from './openai-responses/routes.ts';

/** The standard protocols Hotline speaks beside its own JSON API (API.md, "Standard protocols"). */
export const standardProtocols: ServerExtension[] = [aiSdkRoutes, openAiChatRoutes, openAiResponsesRoutes];
