import { Controller } from '@hotwired/stimulus';

// The composer's files: those chosen with the attach button, dropped on the composer or pasted into it
// all end up in its one file input, so the form sends them as it would send chosen ones. Each is listed
// by name with a button to take it out.
export default class extends Controller {
  static targets = ['input', 'list'];

  dragover(event) {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  }

  drop(event) {
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault();
    this.add(event.dataTransfer.files);
  }

  paste(event) {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.add(files);
  }

  add(files) {
    if (this.inputTarget.disabled) return;
    const all = new DataTransfer();
    for (const file of [...this.inputTarget.files, ...files]) all.items.add(file);
    this.inputTarget.files = all.files;
    this.show();
  }

  remove(event) {
    const index = Number(event.currentTarget.dataset.index);
    const kept = new DataTransfer();
    [...this.inputTarget.files].forEach((file, i) => i !== index && kept.items.add(file));
    this.inputTarget.files = kept.files;
    this.show();
    this.inputTarget.focus();
  }

  show() {
    this.listTarget.replaceChildren(
      ...[...this.inputTarget.files].map((file, index) => {
        const item = document.createElement('li');
        item.className = 'composer__file';
        item.dataset.testid = 'chosen-file';
        item.append(file.name);
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'icon-button';
        remove.textContent = '×';
        remove.setAttribute('aria-label', `Remove ${file.name}`);
        remove.dataset.index = String(index);
        remove.dataset.action = 'attachments#remove';
        item.append(remove);
        return item;
      }),
    );
  }
}
