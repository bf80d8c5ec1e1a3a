import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatPage } from './chat-page.tsx';
import { SignIn } from './sign-in.tsx';

/** The chat this page shows: `?chat=<id>`, picked here for a new conversation and kept in the URL so a reload stays in it. */
function chatIdOfUrl(): string {
  const url = new URL(location.href);
  const id = url.searchParams.get('chat');
  if (id) return id;
  url.searchParams.set('chat', crypto.randomUUID());
  history.replaceState(null, '', url);
  return url.searchParams.get('chat')!;
}

function App() {
  const [token, setToken] = useState(() => localStorage.getItem('token'));
  if (!token) {
    const signedIn = (newToken: string) => {
      localStorage.setItem('token', newToken);
      setToken(newToken);
    };
    return <SignIn onSignedIn={signedIn} />;
  }
  return <ChatPage chatId={chatIdOfUrl()} token={token} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
