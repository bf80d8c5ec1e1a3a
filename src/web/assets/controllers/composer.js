import { Controller } from '@hotwired/stimulus';

// Keeps the composer disabled exactly while a reply of this chat streams, in every tab: the messages
// the server renders and streams carry data-status, so the page itself says when a reply starts and ends.
export default class extends Controller {
  static targets = ['input', 'submit'];
  static values = { messages: String };

  connect() {
    this.messages = document.getElementById(this.messagesValue);
    this.observer = new MutationObserver(() => this.sync());
    if (this.messages) {
      this.observer.observe(this.messages, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
    }
    this.sync();
  }

  disconnect() {
    this.observer.disconnect();
  }

  sync() {
    const streaming = Boolean(this.messages?.querySelector('[data-testid=message][data-status=streaming]'));
    const ended = this.streaming && !streaming;
    this.streaming = streaming;
    this.inputTarget.disabled = streaming;
    this.submitTarget.disabled = streaming;
    this.element.toggleAttribute('data-streaming', streaming);
    // Ready for the next message, unless the reader is busy elsewhere on the page.
    if (ended && document.hasFocus() && document.activeElement === document.body) this.inputTarget.focus();
  }

  sendOnShortcut(event) {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    if (!this.inputTarget.disabled && this.inputTarget.value.trim() !== '') this.element.requestSubmit();
  }
}
