import { Controller } from '@hotwired/stimulus';

// Keeps the composer disabled exactly while a reply of this chat streams, in every tab: the messages
// the server renders and streams carry data-status, so the page itself says when a reply starts and ends.
// When a reply ends, its text is announced once to screen readers (the page's live region), never per token.
// Keys: Enter sends, Shift+Enter starts a new line (Ctrl/Cmd+Enter sends too); Esc stops the streaming reply.
export default class extends Controller {
  static targets = ['input', 'submit', 'stop'];
  static values = { messages: String, announcer: String };

  connect() {
    this.messages = document.getElementById(this.messagesValue);
    this.observer = new MutationObserver(() => this.sync());
    if (this.messages) {
      this.observer.observe(this.messages, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
    }
    this.sync();
    this.grow();
    // A chat that opens ready for a message takes the focus, as chat apps do.
    if (!this.streaming && document.activeElement === document.body) this.inputTarget.focus();
  }

  disconnect() {
    this.observer.disconnect();
  }

  sync() {
    const reply = this.messages?.querySelector('[data-testid=message][data-status=streaming]');
    const streaming = Boolean(reply);
    const ended = this.streaming && !streaming;
    if (reply) this.replyId = reply.id;
    this.streaming = streaming;
    this.inputTarget.disabled = streaming;
    this.submitTarget.disabled = streaming;
    for (const files of this.element.querySelectorAll('input[type=file]')) files.disabled = streaming;
    this.element.toggleAttribute('data-streaming', streaming);
    if (ended) this.announce();
    // Ready for the next message, unless the reader is busy elsewhere on the page.
    if (ended && document.hasFocus() && document.activeElement === document.body) this.inputTarget.focus();
  }

  announce() {
    const announcer = document.getElementById(this.announcerValue);
    const message = this.replyId && document.getElementById(this.replyId);
    if (!announcer || !message) return;
    const status = message.dataset.status;
    const text = message.querySelector('[data-testid=message-content]')?.innerText.trim() ?? '';
    const lead = status === 'failed' ? 'The reply failed.' : status === 'cancelled' ? 'Reply stopped:' : 'Reply:';
    announcer.textContent = `${lead} ${text}`.trim();
  }

  keydown(event) {
    if (event.key !== 'Enter' || event.isComposing || (event.shiftKey && !(event.ctrlKey || event.metaKey))) return;
    event.preventDefault();
    if (!this.inputTarget.disabled && this.inputTarget.value.trim() !== '') this.element.requestSubmit();
  }

  stop(event) {
    if (event.key !== 'Escape' || !this.streaming) return;
    const stop = this.messages?.querySelector('[data-testid=message][data-status=streaming] [data-testid=stop]');
    if (!stop) return;
    event.preventDefault();
    stop.click();
  }

  grow() {
    const input = this.inputTarget;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, window.innerHeight * 0.4)}px`;
  }
}
