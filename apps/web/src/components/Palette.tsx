import { listNodeTypes, type NodeRole, type NodeTypeSpec } from '@circuit-studio/model';
import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import { NEW_NODE_OFFSET, NODE_TYPE_MIME } from '../flow/flow-elements.js';
import { DRAW_ONLY_HINT } from '../run/runnable.js';
import { circuitStore } from '../store/app-state.js';

const GROUPS: { role: NodeRole; title: string }[] = [
  { role: 'source', title: 'Sources' },
  { role: 'processing', title: 'Processing' },
  { role: 'queue', title: 'Queues' },
  { role: 'sink', title: 'Sinks' },
];

/** Spacing between nodes added by click, so that several clicks do not stack them on one spot. */
const CLICK_STAGGER = 24;

function onDragStart(event: DragEvent, type: string): void {
  event.dataTransfer.setData(NODE_TYPE_MIME, type);
  event.dataTransfer.effectAllowed = 'copy';
}

/** Returns the tooltip of a palette entry: what the type is, whether it runs, and how to add it. */
function entryTitle(spec: NodeTypeSpec): string {
  const runs = spec.runnable ? '' : ` Draw only: ${DRAW_ONLY_HINT}.`;
  return `${spec.description}.${runs} Drag onto the canvas, or click to add.`;
}

/**
 * Lists the node types by role. Dragging one onto the canvas adds it there, and a click adds it
 * mid-view. Types the runtime cannot start carry a "draw only" tag.
 */
export function Palette() {
  const { screenToFlowPosition } = useReactFlow();

  function addAtCentre(spec: NodeTypeSpec): void {
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    if (!canvas) return;
    const centre = screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 });
    const stagger = (circuitStore.getState().circuit.nodes.length % 6) * CLICK_STAGGER;
    circuitStore.getState().addNode(spec.type, {
      x: centre.x - NEW_NODE_OFFSET.x + stagger,
      y: centre.y - NEW_NODE_OFFSET.y + stagger,
    });
  }

  return (
    <nav className="cs-palette" aria-label="Node types">
      {GROUPS.map((group) => (
        <section key={group.role} className="cs-palette-group">
          <h2>{group.title}</h2>
          {listNodeTypes()
            .filter((spec) => spec.role === group.role)
            .map((spec) => (
              <button
                key={spec.type}
                type="button"
                className={`cs-palette-item cs-role-${spec.role}`}
                draggable
                onDragStart={(event) => onDragStart(event, spec.type)}
                onClick={() => addAtCentre(spec)}
                title={entryTitle(spec)}
                data-testid={`palette-${spec.type}`}
              >
                <span className="cs-palette-label">
                  {spec.label}
                  {!spec.runnable && (
                    <span
                      className="cs-draw-only"
                      title={DRAW_ONLY_HINT}
                      data-testid={`palette-${spec.type}-draw-only`}
                    >
                      draw only
                    </span>
                  )}
                </span>
                <span className="cs-palette-description">{spec.description}</span>
              </button>
            ))}
        </section>
      ))}
    </nav>
  );
}
