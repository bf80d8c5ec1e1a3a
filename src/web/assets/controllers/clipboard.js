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
    // The button's words change, its icon stays.
    const label = button.querySelector('[data-label]') ?? button;
    const was = label.textContent;
    label.textContent = 'Copied';
    setTimeout(() => (label.textContent = was), 1500);
  }
}
