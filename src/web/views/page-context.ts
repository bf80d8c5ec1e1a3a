import type { User } from '../../accounts/user-store.ts';
import type { AssetCatalog } from '../assets/asset-catalog.ts';

/** What every page and every streamed fragment is rendered with: who it is for and how its forms are signed. */
export interface PageContext {
  assets: AssetCatalog;
  nonce: string;
  csrf: string;
  user: User | null;
}

/** What a fragment (a message, the composer) needs: forms in it must carry the reader's CSRF token. */
export type FragmentContext = Pick<PageContext, 'csrf'>;
