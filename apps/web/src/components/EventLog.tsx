import { useEffect, useRef } from 'react';
import { useRun } from '../store/app-state.js';

function clock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour12: false });
}

/** Lists run and connection events, newest at the bottom, and scrolls to each new one. */
export function EventLog() {
  const events = useRun((state) => state.events);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const element = list.current;
    if (element && events.length > 0) element.scrollTop = element.scrollHeight;
  }, [events]);

  if (events.length === 0)
    return <p className="cs-muted cs-empty">No events yet. Deploy the circuit to start a run.</p>;
  return (
    <ol className="cs-events" ref={list} data-testid="event-log">
      {events.map((event) => (
        <li key={event.id} className={`cs-event cs-event-${event.level}`}>
          <time>{clock(event.at)}</time> {event.text}
        </li>
      ))}
    </ol>
  );
}
