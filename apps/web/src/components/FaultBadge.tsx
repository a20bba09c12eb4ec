import { useFaultsOn } from '../hooks/useFaultsOn.js';
import { describeFaultNow, type FaultTarget } from '../run/faults.js';

interface FaultBadgeProps {
  target: FaultTarget;
  testId: string;
}

/**
 * Marks a node or edge that has injected faults in force with one pill per fault, such as `stall`
 * or `cut 5 s`. Renders nothing when no fault is in force.
 */
export function FaultBadge({ target, testId }: FaultBadgeProps) {
  const { faults, now } = useFaultsOn(target);
  if (faults.length === 0) return null;

  const texts = faults.map((fault) => describeFaultNow(fault, now));
  return (
    <span className="cs-fault-badges" title={`Injected faults: ${texts.join(', ')}`} data-testid={testId}>
      {faults.map((fault, index) => (
        <span key={fault.fault} className="cs-fault-badge">
          {texts[index]}
        </span>
      ))}
    </span>
  );
}
