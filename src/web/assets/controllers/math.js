import { Controller } from '@hotwired/stimulus';

// Lays out the math KaTeX typeset on the server. The page's CSP rightly refuses style attributes, so
// its layout (heights, offsets: lengths only, kept by the sanitiser) arrives as data-math-style and is
// applied here through the CSSOM, for the page as rendered and for every frame the stream adds. A
// formula is shown once laid out; until then (and without JavaScript) the browser shows its MathML.
export default class extends Controller {
  connect() {
    this.layOut(this.element);
    this.observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) this.layOut(node);
    });
    this.observer.observe(this.element, { childList: true, subtree: true });
  }

  disconnect() {
    this.observer.disconnect();
  }

  layOut(root) {
    const within = (selector) => [...(root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
    for (const element of within('[data-math-style]')) element.style.cssText = element.dataset.mathStyle;
    for (const formula of within('.katex')) formula.classList.add('math-ready');
  }
}
