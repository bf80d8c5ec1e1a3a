/** Where a subscriber opens its stream: plain data, so that it can be handed to the idle clients' processes. */
export interface Endpoint {
  port: number;
  path: string;
  headers: Record<string, string>;
  /** GET unless said; a POST sends its JSON body. */
  method?: 'GET' | 'POST';
  body?: string;
}
