import { Controller } from '@hotwired/stimulus';

// A model chosen from the list applies at once; "Other…" asks for its id first (Enter applies it).
export default class extends Controller {
  static targets = ['select', 'other'];

  choose() {
    const other = this.selectTarget.value === '';
    this.otherTarget.hidden = !other;
    if (other) this.otherTarget.focus();
    else this.element.requestSubmit();
  }
}
