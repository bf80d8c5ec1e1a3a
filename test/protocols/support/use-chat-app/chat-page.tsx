import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, type UIMessage } from 'ai';
import { useEffect, useMemo, useState, type FormEvent } from 'react';

/**
 * The stock `useChat` setup of the AI SDK's documentation, with Hotline as the backend: the chat's stored
 * messages first, then `useChat` with `resume: true`, which picks up a reply that is still streaming.
 */
export function ChatPage({ chatId, token }: { chatId: string; token: string }) {
  const [stored, setStored] = useState<UIMessage[]>();
  useEffect(() => {
    void (async () => {
      const response = await fetch(`/api/ai-sdk/chat/${encodeURIComponent(chatId)}/messages`, { headers: { authorization: `Bearer ${token}` } });
      // A chat that has no message yet does not exist yet.
      setStored(response.status === 404 ? [] : (await response.json()).messages);
    })();
  }, [chatId, token]);
  if (!stored) return <p>Loading…</p>;
  return <Conversation chatId={chatId} token={token} initialMessages={stored} />;
}

function Conversation({ chatId, token, initialMessages }: { chatId: string; token: string; initialMessages: UIMessage[] }) {
  const headers = useMemo(() => ({ authorization: `Bearer ${token}` }), [token]);
  const transport = useMemo(() => new DefaultChatTransport({ api: '/api/ai-sdk/chat', headers }), [headers]);
  const { messages, sendMessage, status } = useChat({ id: chatId, messages: initialMessages, transport, resume: true });
  const busy = status === 'submitted' || status === 'streaming';

  const send = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = event.currentTarget.elements.namedItem('content') as HTMLTextAreaElement;
    void sendMessage({ text: field.value });
    field.value = '';
  };
  // useChat's own stop only drops this tab's connection; Hotline's stop ends the reply itself, for every tab,
  // and the stream then ends with `abort`.
  const stop = () => void fetch(`/api/ai-sdk/chat/${encodeURIComponent(chatId)}/stop`, { method: 'POST', headers });

  return (
    <main data-testid="chat" data-status={status}>
      {messages.map((message) => (
        <article key={message.id} id={`message_${message.id}`} data-testid="message" data-role={message.role}>
          {message.parts.map((part, i) =>
            part.type === 'text' || part.type === 'reasoning' ? (
              <p key={i} data-part={part.type}>
                {part.text}
              </p>
            ) : null,
          )}
        </article>
      ))}
      <form data-testid="composer" onSubmit={send}>
        <textarea name="content" required />
        <button type="submit" disabled={busy}>
          Send
        </button>
        {busy && (
          <button type="button" data-testid="stop" onClick={stop}>
            Stop
          </button>
        )}
      </form>
    </main>
  );
}
