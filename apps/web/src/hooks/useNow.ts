import { useEffect, useState } from 'react';

/**
 * Returns the current time in ms since the epoch, updated every `intervalMs` while `enabled`, so a
 * countdown re-renders. While disabled the value stays as it was and no timer runs.
 */
export function useNow(enabled: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(Date.now);

  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs]);

  return now;
}
