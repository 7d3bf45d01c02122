import { useState } from 'react';
import { useSession } from '../api/session';
import { MeteringRule } from '../api/types';

export const ruleApiPath = (id: string) => `/metering/rules/${encodeURIComponent(id)}`;

export const deleteQuestion = (rule: Pick<MeteringRule, 'id' | 'productName'>) =>
  `Delete metering rule ${rule.id} (${rule.productName})? Clients stop metering it and its recorded usage is deleted.`;

/** Enabling or disabling a rule (operators): one request at a time, its refusal kept to show. */
export function useSetEnabled(onDone: (rule: MeteringRule) => void) {
  const { api } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const setEnabled = async (rule: MeteringRule, enabled: boolean) => {
    setBusy(rule.id);
    setError(undefined);
    try {
      onDone(await api.patch<MeteringRule>('metering', ruleApiPath(rule.id), { enabled }));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(null);
    }
  };
  return { setEnabled, busy, error, setError };
}
