/**
 * Credit-based flow control of dealer-router and req-rep links. The sender starts with `hwm` credits
 * (1 over req-rep) and spends one per message. The receiver grants credits back once the node took
 * the messages, in batches, so the messages between the sender's send and the receiver's grant never
 * exceed the high-water mark, whatever the kernel's socket buffers could take.
 *
 * A grant message is one part: the number of credits as an unsigned 32-bit little-endian integer.
 */

const GRANT_BYTES = 4;

/** Returns the number of messages a receiver takes before it grants their credit back. */
export function creditBatch(hwm: number): number {
  return Math.max(1, Math.floor(hwm / 2));
}

export function encodeCreditGrant(credits: number): Buffer {
  const part = Buffer.allocUnsafe(GRANT_BYTES);
  part.writeUInt32LE(credits, 0);
  return part;
}

/** Decodes a grant, or returns a message saying why the bytes are not one. */
export function decodeCreditGrant(part: Buffer | undefined): number | string {
  if (!part || part.length !== GRANT_BYTES) {
    return `credit grant is ${part?.length ?? 0} bytes long; expected ${GRANT_BYTES}`;
  }
  return part.readUInt32LE(0);
}

interface PeerCredit {
  peer: Buffer;
  /** Messages taken from this peer whose credit was not granted back yet. */
  ungranted: number;
}

/**
 * The receiving side's count of credits owed to each sending peer of a ROUTER. A link has one
 * sending process, but after that process restarts, messages of the old connection may still be
 * read after the new one's, and neither may get the other's credits.
 */
export class CreditLedger {
  private readonly peers = new Map<string, PeerCredit>();
  private current: PeerCredit | undefined;

  constructor(readonly batch: number) {}

  /** Counts one message taken from `peer` and returns the credits to grant it now, or 0 while its batch is not full. */
  taken(peer: Buffer): number {
    let entry = this.current;
    if (!entry || !sameBytes(entry.peer, peer)) {
      entry = this.entryOf(peer);
      this.current = entry;
    }
    entry.ungranted += 1;
    if (entry.ungranted < this.batch) return 0;
    const credits = entry.ungranted;
    entry.ungranted = 0;
    return credits;
  }

  private entryOf(peer: Buffer): PeerCredit {
    const key = peer.toString('hex');
    let entry = this.peers.get(key);
    if (!entry) {
      entry = { peer: Buffer.from(peer), ungranted: 0 };
      this.peers.set(key, entry);
    }
    return entry;
  }
}

/** Compares two short routing ids byte by byte, which costs less than a call into `Buffer.equals`. */
function sameBytes(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    if (a[index] !== b[index]) return false;
  }
  return true;
}
