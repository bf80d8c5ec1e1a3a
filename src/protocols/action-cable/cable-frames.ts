import { html } from '../../web/views/html.ts';
import { turboChannel } from './cable-messages.ts';

/**
 * The chat's Turbo Stream frames for a stock page. Turbo's own `append` stands in for the web app's
 * `append_once` (a stock page has no custom actions): on this transport nothing is sent twice, and
 * `append` of an element already there replaces it, which is what a repeat would need anyway.
 */
export const withBuiltInActions = (frameHtml: string): string => frameHtml.replaceAll('<turbo-stream action="append_once"', '<turbo-stream action="append"');

/**
 * Moves the page's `<turbo-cable-stream-source>` on to the name of the position it shows once this
 * frame is applied, in the same message as the frame: a page that got the frame resubscribes from after
 * it, one that did not (the connection dropped first) from before it. So a reconnect, which resubscribes
 * with whatever name the element holds, resumes exactly. turbo-rails resubscribes when the element is
 * replaced; the server hands the running stream over to the new name instead of starting another.
 */
export const moveSource = (from: string, to: string): string =>
  html`<turbo-stream action="replace" targets="${`turbo-cable-stream-source[signed-stream-name="${from}"]`}"><template><turbo-cable-stream-source channel="${turboChannel}" signed-stream-name="${to}"></turbo-cable-stream-source></template></turbo-stream>`
    .value;
