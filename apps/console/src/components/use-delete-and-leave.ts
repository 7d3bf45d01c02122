import { ServiceName } from '../api/api-client';
import { useSession } from '../api/session';
import { navigate } from '../app/router';

export interface DeleteAndLeaveOptions {
  /** What the user confirms before anything is deleted. */
  question: string;
  service: ServiceName;
  /** The API path of the thing to delete. */
  path: string;
  /** The console page to show once it is gone: the list it was in. */
  leaveTo: string;
  onError(reason: unknown): void;
  /** Runs after leaving, e.g. to reload a list that stays on screen. */
  onLeft?(): void;
}

/** The Delete button of a detail page: ask, delete, then leave the page of a thing that is gone. */
export function useDeleteAndLeave(options: DeleteAndLeaveOptions): () => Promise<void> {
  const { api } = useSession();
  return async () => {
    if (!window.confirm(options.question)) return;
    try {
      await api.delete(options.service, options.path);
      navigate(options.leaveTo);
      options.onLeft?.();
    } catch (reason) {
      options.onError(reason);
    }
  };
}
