import { useState, type FormEvent } from 'react';

/** Hotline's own sign-in (`POST /api/session`): the token it answers is the app's key for every other call. */
export function SignIn({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [error, setError] = useState('');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    });
    const body = await response.json();
    if (response.ok) onSignedIn(body.token);
    else setError(body.error.message);
  };
  return (
    <form data-testid="sign-in" onSubmit={submit}>
      <input name="email" type="email" required />
      <input name="password" type="password" required />
      <button type="submit">Sign in</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
