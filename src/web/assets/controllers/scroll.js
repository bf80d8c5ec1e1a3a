import { Controller } from '@hotwired/stimulus';

// Follows a growing reply down the page, until the reader scrolls up; follows again once they are back
// at the bottom. Only the reader's scrolling changes that: growth below never scrolls by itself. While
// the reader is up and the chat grows below, "jump to latest" takes them back down.
const slack = 48;

export default class extends Controller {
  connect() {
    this.following = true;
    this.jump = document.getElementById('scroll-to-latest');
    this.onJump = () => this.toBottom();
    this.jump?.addEventListener('click', this.onJump);
    this.onScroll = () => {
      const page = document.scrollingElement;
      this.following = page.scrollHeight - page.scrollTop - page.clientHeight < slack;
      if (this.following && this.jump) this.jump.hidden = true;
    };
    window.addEventListener('scroll', this.onScroll, { passive: true });
    this.observer = new MutationObserver(() => {
      if (this.following) this.toBottom();
      else if (this.jump) this.jump.hidden = false;
    });
    this.observer.observe(this.element, { childList: true, subtree: true, characterData: true });
    this.toBottom();
  }

  disconnect() {
    window.removeEventListener('scroll', this.onScroll);
    this.jump?.removeEventListener('click', this.onJump);
    this.observer.disconnect();
  }

  toBottom() {
    window.scrollTo({ top: document.scrollingElement.scrollHeight });
    this.following = true;
    if (this.jump) this.jump.hidden = true;
  }
}
