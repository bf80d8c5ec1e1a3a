import { Controller } from '@hotwired/stimulus';

// Editing a question, as in the composer: Enter sends, Shift+Enter starts a new line; Esc gives up
// the edit and returns the focus to its Edit button.
export default class extends Controller {
  static targets = ['input'];

  open() {
    if (this.element.open) requestAnimationFrame(() => this.inputTarget.focus());
  }

  keydown(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.element.open = false;
      this.element.querySelector('summary')?.focus();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (this.inputTarget.value.trim() !== '') this.inputTarget.form.requestSubmit();
    }
  }
}
