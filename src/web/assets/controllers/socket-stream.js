import { Controller } from '@hotwired/stimulus';
import { renderStreamMessage } from '@hotwired/turbo';

// A chat's stream over WebSocket. Turbo's own WebSocket source never reconnects, so this one does,
// from the position of the last frame it applied: the server then sends exactly what the page misses.
// A 44xx close (signed out, chat gone, bad position) is final, as an HTTP 4xx is for EventSource.
export default class extends Controller {
  static values = { url: String, position: String };

  connect() {
    this.attempts = 0;
    this.stopped = false;
    this.open();
  }

  disconnect() {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
  }

  open() {
    const url = new URL(this.urlValue, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('position', this.positionValue);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempts = 0;
      this.element.dataset.state = 'open';
    });
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(event.data);
      renderStreamMessage(frame.html);
      this.positionValue = frame.id;
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.element.dataset.state = 'closed';
      if (this.stopped || (event.code >= 4400 && event.code < 4500)) return;
      const delay = Math.min(10_000, 250 * 2 ** this.attempts++);
      this.retry = setTimeout(() => this.open(), delay);
    });
  }
}
