/** The element ids Turbo Stream frames target; the page and the frames must agree on them. */
export const domIds = {
  chat: 'chat',
  chatHead: 'chat_head',
  chatLink: (id: string) => `chat_link_${id}`,
  messages: 'messages',
  composer: 'composer',
  notice: 'notice',
  announcer: 'announcer',
  scrollToLatest: 'scroll-to-latest',
  message: (id: string) => `message_${id}`,
  content: (id: string) => `message_${id}_content`,
  block: (id: string, index: number) => `message_${id}_block_${index}`,
  open: (id: string) => `message_${id}_open`,
  thinking: (id: string) => `message_${id}_thinking`,
  status: (id: string) => `message_${id}_status`,
  sources: (id: string) => `message_${id}_sources`,
};
