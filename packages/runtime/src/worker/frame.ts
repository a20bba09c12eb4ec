/** A frame inside a node process. */
export interface Frame {
  sourceId: string;
  frameNumber: number;
  /** Capture time at the source, ms since the Unix epoch. */
  captureTime: number;
  payload: Buffer;
  /** When this node took the frame from its input, on the same clock as `captureTime`. */
  arrivedAt: number;
}
