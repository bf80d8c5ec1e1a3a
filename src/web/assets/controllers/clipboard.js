import { Controller } from '@hotwired/stimulus';

// Copy buttons on messages and code blocks, for any message the page shows or streams in later: one
// listener on the chat, which finds what the clicked button copies (its message's text, or its code).
export default class extends Controller {
  async copy(event) {
    const button = event.target.closest('[data-testid=copy], [data-testid=copy-code]');
    if (!button) return;
    const source =
      button.dataset.testid === 'copy-code'
        ? button.parentElement.querySelector('pre')
        : button.closest('[data-testid=message]')?.querySelector('[data-testid=message-content]');
    if (!source) return;
    // The text without the code blocks' own copy buttons.
    const copy = source.cloneNode(true);
    for (const inner of copy.querySelectorAll('button')) inner.remove();
    const text = copy.textContent.trim();
    await navigator.clipboard.writeText(text);
    const label = button.textContent;
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = label), 1500);
  }
}
