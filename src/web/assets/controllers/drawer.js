import { Controller } from '@hotwired/stimulus';

// The chat list as a drawer on narrow screens. The toggle is a link to the chat list page (what a page
// without JavaScript follows); here it slides the list in over the chat instead. Esc, the backdrop or
// the close button put it away and give the focus back to the toggle.
export default class extends Controller {
  static targets = ['panel', 'toggle', 'backdrop'];

  open(event) {
    event.preventDefault();
    this.panelTarget.classList.add('sidebar--open');
    this.backdropTarget.hidden = false;
    this.toggleTarget.setAttribute('aria-expanded', 'true');
    (this.panelTarget.querySelector('[aria-current=page]') ?? this.panelTarget.querySelector('a, button'))?.focus();
  }

  close() {
    if (!this.panelTarget.classList.contains('sidebar--open')) return;
    this.panelTarget.classList.remove('sidebar--open');
    this.backdropTarget.hidden = true;
    this.toggleTarget.setAttribute('aria-expanded', 'false');
    this.toggleTarget.focus();
  }
}
