import { Controller } from '@hotwired/stimulus';

// Follows a growing reply down the page, until the reader scrolls up; follows again once they are back
// at the bottom. Only the reader's scrolling changes that: growth below never scrolls by itself.
const slack = 48;

export default class extends Controller {
  connect() {
    this.following = true;
    this.onScroll = () => {
      const page = document.scrollingElement;
      this.following = page.scrollHeight - page.scrollTop - page.clientHeight < slack;
    };
    window.addEventListener('scroll', this.onScroll, { passive: true });
    this.observer = new MutationObserver(() => this.following && this.toBottom());
    this.observer.observe(this.element, { childList: true, subtree: true, characterData: true });
    this.toBottom();
  }

  disconnect() {
    window.removeEventListener('scroll', this.onScroll);
    this.observer.disconnect();
  }

  toBottom() {
    window.scrollTo({ top: document.scrollingElement.scrollHeight });
  }
}
