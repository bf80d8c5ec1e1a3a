import { Controller } from '@hotwired/stimulus';

// A citation of a source without an address leads to it in the sources under the reply: the folded
// list opens and the source comes into view, here rather than by Turbo, whose visit would render the
// page again (folding the list).
export default class extends Controller {
  open(event) {
    const link = event.target.closest('a.citation[href^="#"]');
    const source = link && document.getElementById(link.getAttribute('href').slice(1));
    const list = source?.closest('details');
    if (!list) return;
    event.preventDefault();
    list.open = true;
    source.scrollIntoView({ block: 'nearest' });
  }
}
