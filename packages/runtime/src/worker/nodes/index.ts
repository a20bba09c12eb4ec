import type { SupportedNodeType } from '../../worker-protocol.js';
import type { NodeBehavior } from './behavior.js';
import { FileSink } from './file-sink.js';
import { FileSource } from './file-source.js';
import { MemoryBuffer } from './memory-buffer.js';
import { ModuleNode } from './module-node.js';
import { NullSink } from './null-sink.js';
import { SyntheticSource } from './synthetic-source.js';

export type { NodeBehavior } from './behavior.js';

export function createBehavior(type: SupportedNodeType): NodeBehavior {
  switch (type) {
    case 'synthetic-source':
      return new SyntheticSource();
    case 'file-source':
      return new FileSource();
    case 'module':
      return new ModuleNode();
    case 'memory-buffer':
      return new MemoryBuffer();
    case 'file-sink':
      return new FileSink();
    case 'null-sink':
      return new NullSink();
    default: {
      const unreachable: never = type;
      throw new Error(`no behaviour for node type ${String(unreachable)}`);
    }
  }
}
