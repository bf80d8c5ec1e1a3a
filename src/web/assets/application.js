// The browser side of Hotline: Turbo for navigation and streams, thin Stimulus controllers.
import { StreamActions } from '@hotwired/turbo';
import { Application } from '@hotwired/stimulus';
import ComposerController from 'controllers/composer';
import AttachmentsController from 'controllers/attachments';
import ClipboardController from 'controllers/clipboard';
import EditController from 'controllers/edit';
import MathController from 'controllers/math';
import DrawerController from 'controllers/drawer';
import CitationsController from 'controllers/citations';
import ModelPickerController from 'controllers/model-picker';
import ScrollController from 'controllers/scroll';
import SocketStreamController from 'controllers/socket-stream';

// Appends only the children whose id is not on the page yet. Turbo's `append` replaces an element with
// the same id, which would reset a reply that the chat's stream has already grown.
StreamActions.append_once = function () {
  const content = this.templateContent;
  for (const target of this.targetElements) {
    for (const child of [...content.children]) {
      if (!child.id || !document.getElementById(child.id)) target.append(child);
    }
  }
};

const application = Application.start();
application.register('composer', ComposerController);
application.register('attachments', AttachmentsController);
application.register('clipboard', ClipboardController);
application.register('edit', EditController);
application.register('math', MathController);
application.register('drawer', DrawerController);
application.register('citations', CitationsController);
application.register('model-picker', ModelPickerController);
application.register('scroll', ScrollController);
application.register('socket-stream', SocketStreamController);
