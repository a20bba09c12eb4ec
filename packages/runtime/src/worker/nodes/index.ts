import type { SupportedNodeType } from '../../worker-protocol.js';
import type { NodeBehavior } from './behavior.js';

export type { NodeBehavior } from './behavior.js';

/**
 * Loads the behaviour of one node type. A process runs one node, so it loads only that node's code:
 * a module or a sink does not carry ffmpeg's process handling or the file streams, which keeps its
 * heap, and with it every garbage collection, small.
 */
export async function createBehavior(type: SupportedNodeType): Promise<NodeBehavior> {
  switch (type) {
    case 'synthetic-source':
      return new (await import('./synthetic-source.js')).SyntheticSource();
    case 'file-source':
      return new (await import('./file-source.js')).FileSource();
    case 'rtsp-source':
      return new (await import('./rtsp-source.js')).RtspSource();
    case 'module':
      return new (await import('./module-node.js')).ModuleNode();
    case 'memory-buffer':
      return new (await import('./memory-buffer.js')).MemoryBuffer();
    case 'file-sink':
      return new (await import('./file-sink.js')).FileSink();
    case 'null-sink':
      return new (await import('./null-sink.js')).NullSink();
    default: {
      const unreachable: never = type;
      throw new Error(`no behaviour for node type ${String(unreachable)}`);
    }
  }
}
